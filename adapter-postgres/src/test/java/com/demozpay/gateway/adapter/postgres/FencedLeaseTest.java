package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.domain.ResubmitLimit;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.OutcomeUnknownException;
import com.demozpay.gateway.ports.in.PartnerUnavailableException;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.service.LeasePolicy;
import com.demozpay.gateway.ports.service.ReconcilePolicy;
import com.demozpay.gateway.testing.DelegatingDisbursementStore;
import com.demozpay.gateway.testing.Eventually;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two races of issue 9.1, on PostgreSQL with a short lease and stalls the test controls: a holder
 * that stalls past its lease never acts on it, neither by calling the bank nor by writing. And the leased
 * submit's transaction boundaries (issue 10.4): a crash at each step, then the caller's retry, ends in
 * one transition and one transfer.
 */
class FencedLeaseTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(6);

    private static final LeasePolicy SHORT_LEASE = new LeasePolicy(Duration.ofMillis(1500), Duration.ofMillis(500));
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final PartnerReference TRANSFER = new PartnerReference("DSH-9001");

    private PostgresDisbursementStore store;
    private final List<DisbursementId> submitted = new CopyOnWriteArrayList<>();
    private final List<Decision.Anomaly> anomalies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void emptyTables() throws SQLException {
        Fixtures.emptyTables(DATABASE.database());
        store = new PostgresDisbursementStore(DATABASE.pool().dataSource());
    }

    @Test
    void submitWhoseLeaseCameBackAfterAStallLongerThanTheLeaseNeverReachesTheBank() throws Exception {
        // given: the insert that takes the first lease returns only after that lease expired and another
        // replica's reconciler, finding no record at the bank, failed the disbursement as never submitted
        DisbursementGateway reconcilerReplica = gateway(store, bankWithNoRecord(() -> new PartnerOutcome.Accepted(
                PartnerEvent.reported(DisbursementStatus.SUBMITTED, TRANSFER, Money.etb(250_000)))));
        DisbursementStore stallingLease = new DelegatingDisbursementStore(store) {
            @Override
            public InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor) {
                InsertResult leased = super.insertLeasedIfAbsent(disbursement, leaseFor);
                awaitNoLeaseHeld();
                assertThat(reconcilerReplica.reconciler().reconcileOnce().transitioned()).isEqualTo(1);
                return leased;
            }
        };
        DisbursementGateway stalled = gateway(stallingLease, bankWithNoRecord(() -> new PartnerOutcome.Accepted(
                PartnerEvent.reported(DisbursementStatus.SUBMITTED, TRANSFER, Money.etb(250_000)))));

        // when
        PartnerUnavailableException notSent = catchThrowableOfType(
                () -> stalled.initiate().initiate(draft("k-a")), PartnerUnavailableException.class);

        // then: the bank never got it, so FAILED NOT_SUBMITTED is the truth and the caller hears "not received"
        assertThat(notSent).isNotNull();
        assertThat(submitted).isEmpty();
        Disbursement stored = store.findByIdempotencyKey(new IdempotencyKey("k-a")).orElseThrow();
        assertThat(stored.status()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(stored.failure()).get().extracting(Failure::code).isEqualTo(Failure.NOT_SUBMITTED);
        assertThat(anomalies).isEmpty();
    }

    @Test
    void reconcilersFailedWriteStalledPastItsLeaseWritesNothingWhileARetrySubmits() throws Exception {
        // given: a disbursement left INITIATED (the bank did not get the first submit)
        CountDownLatch reconcilerStalled = new CountDownLatch(1);
        CountDownLatch retrySending = new CountDownLatch(1);
        CountDownLatch staleWriteDone = new CountDownLatch(1);
        PartnerClient bank = bankWithNoRecord(new Supplier<>() {
            private int calls;

            @Override
            public PartnerOutcome get() {
                if (calls++ == 0) {
                    return new PartnerOutcome.NotReceived("connection refused");
                }
                // The retry is at the bank: let the reconciler's stalled write arrive now, then answer 202.
                retrySending.countDown();
                await(staleWriteDone);
                return new PartnerOutcome.Accepted(
                        PartnerEvent.reported(DisbursementStatus.SUBMITTED, TRANSFER, Money.etb(250_000)));
            }
        });
        DisbursementGateway caller = gateway(store, bank);
        catchThrowableOfType(() -> caller.initiate().initiate(draft("k-b")), PartnerUnavailableException.class);

        // and: a reconciler whose FAILED write stalls until the retry is calling the bank
        DisbursementStore stallingWrite = new DelegatingDisbursementStore(store) {
            @Override
            public TransitionResult transition(DisbursementId id, Decision.Transition transition,
                    TransitionCause cause, Instant at) {
                stallIfFailing(transition);
                try {
                    return super.transition(id, transition, cause, at);
                } finally {
                    staleWriteDone.countDown();
                }
            }

            @Override
            public TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition,
                    TransitionCause cause, Instant at) {
                stallIfFailing(transition);
                try {
                    return super.transitionUnderLease(lease, transition, cause, at);
                } finally {
                    staleWriteDone.countDown();
                }
            }

            private void stallIfFailing(Decision.Transition transition) {
                if (transition.to() == DisbursementStatus.FAILED) {
                    reconcilerStalled.countDown();
                    await(retrySending);
                }
            }
        };
        CompletableFuture<ReconcileReport> pass = CompletableFuture.supplyAsync(
                () -> gateway(stallingWrite, bank).reconciler().reconcileOnce());

        await(reconcilerStalled);

        // when: the caller retries until the reconciler's lease has expired and the retry takes its own
        Disbursement retried = Eventually.await("the retry to get past the reconciler's lease", DEADLINE,
                () -> retry(caller, "k-b"), Optional::isPresent).orElseThrow();

        // then: the stale FAILED wrote nothing; the bank's acceptance is what is recorded
        assertThat(retried.status()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(pass.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).skipped()).isEqualTo(1);
        assertThat(store.findById(retried.id()).orElseThrow().status()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(Fixtures.log(DATABASE.database(), retried.id())).extracting(Fixtures.LogRow::to)
                .containsExactly("INITIATED", "SUBMITTED");
        assertThat(anomalies).isEmpty();
    }

    /** Where the submitting replica dies: each write of the leased submit, before or after it commits. */
    enum Crash {
        AFTER_THE_LEASED_INSERT_COMMITS, BEFORE_THE_ANSWER_AND_RELEASE_ARE_WRITTEN, AFTER_THE_ANSWER_AND_RELEASE_COMMIT
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void aCrashAtEachStepOfTheLeasedSubmitThenARetryEndsInOneTransitionAndOneTransfer(Crash crash) throws Exception {
        // given: a bank that de-duplicates by our reference, and a store that fails once at the step
        Map<DisbursementId, PartnerReference> transfers = new ConcurrentHashMap<>();
        PartnerClient bank = bankWithNoRecord(() -> null);
        PartnerClient deduplicating = new PartnerClient() {
            @Override
            public PartnerOutcome submit(Disbursement disbursement) {
                bank.submit(disbursement);
                PartnerReference transfer = transfers.computeIfAbsent(disbursement.id(),
                        id -> new PartnerReference("DSH-" + (transfers.size() + 1)));
                return new PartnerOutcome.Accepted(
                        PartnerEvent.reported(DisbursementStatus.SUBMITTED, transfer, Money.etb(250_000)));
            }

            @Override
            public TransferLookup lookup(DisbursementId reference) {
                return bank.lookup(reference);
            }
        };
        AtomicBoolean crashed = new AtomicBoolean();
        DisbursementStore crashing = new DelegatingDisbursementStore(store) {
            @Override
            public InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor) {
                InsertResult result = super.insertLeasedIfAbsent(disbursement, leaseFor);
                crashOnce(Crash.AFTER_THE_LEASED_INSERT_COMMITS);
                return result;
            }

            @Override
            public TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition,
                    TransitionCause cause, Instant at) {
                crashOnce(Crash.BEFORE_THE_ANSWER_AND_RELEASE_ARE_WRITTEN);
                TransitionResult result = super.transitionUnderLease(lease, transition, cause, at);
                crashOnce(Crash.AFTER_THE_ANSWER_AND_RELEASE_COMMIT);
                return result;
            }

            private void crashOnce(Crash step) {
                if (step == crash && crashed.compareAndSet(false, true)) {
                    throw new StoreUnavailableException("connection lost at " + step, null);
                }
            }
        };
        DisbursementGateway caller = gateway(crashing, deduplicating);

        // when: the first call dies at the step, and the caller retries (past the dead holder's lease)
        RuntimeException first = catchThrowableOfType(() -> caller.initiate().initiate(draft("k-c")),
                RuntimeException.class);
        Disbursement retried = Eventually.await("the retry to get past the dead holder's lease", DEADLINE,
                () -> retry(caller, "k-c"), Optional::isPresent).orElseThrow();

        // then
        assertThat(first).isInstanceOfAny(StoreUnavailableException.class, OutcomeUnknownException.class);
        assertThat(retried.status()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(transfers).containsOnlyKeys(retried.id());
        assertThat(Fixtures.log(DATABASE.database(), retried.id())).extracting(Fixtures.LogRow::to)
                .containsExactly("INITIATED", "SUBMITTED");
    }

    private Optional<Disbursement> retry(DisbursementGateway caller, String key) {
        try {
            return Optional.of(caller.initiate().initiate(draft(key)));
        } catch (PartnerUnavailableException stillLeased) {
            return Optional.empty();
        }
    }

    /** A bank that answers submits with {@code submit} and has no record of anything it is asked about. */
    private PartnerClient bankWithNoRecord(Supplier<PartnerOutcome> submit) {
        return new PartnerClient() {
            @Override
            public PartnerOutcome submit(Disbursement disbursement) {
                submitted.add(disbursement.id());
                return submit.get();
            }

            @Override
            public TransferLookup lookup(DisbursementId reference) {
                return new TransferLookup.NotFound();
            }
        };
    }

    private DisbursementGateway gateway(DisbursementStore on, PartnerClient bank) {
        return DisbursementGateway.builder()
                .store(on)
                .inbox(new PostgresCallbackInbox(DATABASE.pool().dataSource()))
                .partner(bank)
                .callbackVerifier(raw -> {
                    throw new AssertionError("no callback in this test");
                })
                .clock(Clock.systemUTC())
                .limits(new DisbursementLimits(100_000_000))
                .leasePolicy(SHORT_LEASE)
                .observer(new DisbursementObserver() {
                    @Override
                    public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
                        anomalies.add(anomaly);
                    }
                })
                .reconcilePolicy(new ReconcilePolicy(Duration.ZERO, Duration.ZERO, 10))
                .resubmitLimit(new ResubmitLimit(3))
                .build();
    }

    private static DisbursementDraft draft(String key) {
        return new DisbursementDraft(key, Product.LOAN, "loan-" + key, 250_000, "ETB", "1000200030004",
                "Tigist Alemu", "loan payout");
    }

    /** Polls the database's clock until no lease on any disbursement is held. */
    private static void awaitNoLeaseHeld() {
        Eventually.await("every lease to expire on the database's clock", DEADLINE, () -> {
            try {
                return Fixtures.count(DATABASE.database(),
                        "SELECT count(*) FROM disbursements WHERE claimed_until > clock_timestamp()");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, held -> held == 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the other side of the race");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
