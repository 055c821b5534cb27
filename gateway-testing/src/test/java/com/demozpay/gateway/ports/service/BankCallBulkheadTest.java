package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.START;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static com.demozpay.gateway.ports.service.UseCaseFixture.draft;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.GetDisbursementStatusUseCase;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Callers polling with refresh=true while the bank is slow must not take the connections submits need. */
class BankCallBulkheadTest {

    /** Like the Dashen adapter: a fixed number of connections shared by every call, none waited for here. */
    private static final int BANK_CONNECTIONS = 4;
    private static final int MAX_REFRESHES = 2;
    private static final int POLLERS = 10;

    private final UseCaseFixture fx = new UseCaseFixture();
    private final SlowBank bank = new SlowBank();
    private final DisbursementGateway core = fx.gateway().partner(bank).statusRefreshAfter(Duration.ofMinutes(2))
            .statusRefreshesInFlight(MAX_REFRESHES).build();
    private final GetDisbursementStatusUseCase status = core.status();
    private final ExecutorService callers = Executors.newFixedThreadPool(POLLERS);

    @AfterEach
    void bankRecovers() throws InterruptedException {
        bank.recover();
        callers.shutdown();
        assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refreshPollingDuringABankSlowdownDoesNotStarveASubmit() throws Exception {
        // given: callers poll ten disbursements with refresh=true, and the bank hangs on every lookup
        List<Future<Disbursement>> polls = IntStream.range(0, POLLERS)
                .mapToObj(i -> fx.stored("poll-" + i, SUBMITTED, false, START))
                .map(d -> callers.submit(() -> status.getStatus(refresh(d.id()))))
                .toList();
        awaitUntil(() -> bank.hanging() + done(polls) == POLLERS);

        // when
        Disbursement submitted = core.initiate().initiate(draft("new"));

        // then: the submit reached the bank; at most MAX_REFRESHES lookups held a connection, the rest
        // were answered from the store
        assertThat(submitted.status()).isEqualTo(SUBMITTED);
        assertThat(bank.hanging()).isEqualTo(MAX_REFRESHES);
    }

    @Test
    void concurrentRefreshesOfOneDisbursementAskTheBankOnceAndTheOthersGetTheStoredState() throws Exception {
        // given
        Disbursement polled = fx.stored("poll-1", SUBMITTED, false, START);

        // when
        List<Future<Disbursement>> polls = IntStream.range(0, 5)
                .mapToObj(i -> callers.submit(() -> status.getStatus(refresh(polled.id()))))
                .toList();
        awaitUntil(() -> bank.hanging() + done(polls) == 5);

        // then
        assertThat(bank.hanging()).isEqualTo(1);
        for (Future<Disbursement> poll : polls) {
            if (poll.isDone()) {
                assertThat(poll.get()).isEqualTo(polled);
            }
        }
    }

    private static StatusQuery refresh(DisbursementId id) {
        return new StatusQuery(new StatusQuery.Lookup.ById(id), true);
    }

    private static int done(List<? extends Future<?>> futures) {
        return (int) futures.stream().filter(Future::isDone).count();
    }

    private static void awaitUntil(BooleanSupplier condition) {
        Eventually.await("every poll hangs at the bank or is answered", Duration.ofSeconds(10),
                condition::getAsBoolean, Boolean::booleanValue);
    }

    /** Lookups hang until {@link #recover}; every call needs one of a few shared connections. */
    private static final class SlowBank implements PartnerClient {
        private final Semaphore connections = new Semaphore(BANK_CONNECTIONS);
        private final CountDownLatch recovered = new CountDownLatch(1);
        private final AtomicInteger hanging = new AtomicInteger();

        @Override
        public PartnerOutcome submit(Disbursement disbursement) {
            if (!connections.tryAcquire()) {
                return new PartnerOutcome.NotReceived("too many calls to the bank in flight");
            }
            connections.release();
            return new PartnerOutcome.Accepted(bankReports(SUBMITTED));
        }

        @Override
        public TransferLookup lookup(DisbursementId reference) {
            if (!connections.tryAcquire()) {
                return new TransferLookup.Unavailable("too many calls to the bank in flight");
            }
            hanging.incrementAndGet();
            try {
                recovered.await(10, TimeUnit.SECONDS);
                return new TransferLookup.Unavailable("no answer within the request timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new TransferLookup.Unavailable("interrupted");
            } finally {
                hanging.decrementAndGet();
                connections.release();
            }
        }

        int hanging() {
            return hanging.get();
        }

        void recover() {
            recovered.countDown();
        }
    }
}
