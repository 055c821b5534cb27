package com.demozpay.gateway.testing.contract;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Applied;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.demozpay.gateway.testing.TestDisbursements;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CallbackInbox} must do, written once: an inbox passes when a subclass that returns it
 * from {@link #inbox()}, beside the store it shares its storage with, passes. The in-memory inbox and the
 * PostgreSQL inbox both run it; so can an embedder's own. Event ids and disbursements are new in every test,
 * so the inbox need not start empty.
 */
public abstract class CallbackInboxContract {

    private static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456Z");
    private static final PartnerReference UNMATCHED_TRANSFER = new PartnerReference("DSH-UNMATCHED");
    private static final long AMOUNT_MINOR = 15000;

    private CallbackInbox inbox;
    private DisbursementStore store;

    /** The inbox under test, called before each test. */
    protected abstract CallbackInbox inbox() throws Exception;

    /** The store whose disbursements the inbox's callbacks move (the same database). */
    protected abstract DisbursementStore storeBesideTheInbox() throws Exception;

    @BeforeEach
    final void openInbox() throws Exception {
        inbox = inbox();
        store = storeBesideTheInbox();
    }

    @Test
    void aNewCallbackMovesItsDisbursementAndIsProcessed() {
        Disbursement submitted = submitted();
        VerifiedCallback callback = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR);

        Receipt receipt = process(callback, submitted);

        Disbursement stored = store.findById(submitted.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(SETTLED);
        assertThat(stored.partnerReference()).contains(transferOf(submitted));
        assertThat(receipt).isEqualTo(new Receipt.Processed(Optional.of(new Applied(submitted,
                new Decision.Transition(SUBMITTED, SETTLED, Optional.of(transferOf(submitted)), Optional.empty()),
                stored))));
        assertThat(((Receipt.Processed) receipt).outcome()).isEqualTo(CallbackOutcome.APPLIED);
    }

    @Test
    void aProcessedCallbackIsAlreadyProcessedAndNotDecidedAgain() {
        Disbursement submitted = submitted();
        VerifiedCallback callback = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR);
        process(callback, submitted);
        Disbursement settled = store.findById(submitted.id()).orElseThrow();

        Receipt again = inbox.process(callback, body(callback), T0.plusSeconds(30), Optional.of(submitted.id()), d -> {
            throw new AssertionError("a processed callback was decided again");
        });

        assertThat(again).isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
        assertThat(store.findById(submitted.id())).contains(settled);
    }

    @Test
    void theDecisionIsTakenOnTheDisbursementAsItStandsNow() {
        // The webhook may hold a copy read before another writer moved it: the inbox decides on the stored one.
        Disbursement submitted = submitted();
        Disbursement accepted = move(submitted, new Decision.Transition(SUBMITTED, ACCEPTED,
                Optional.of(transferOf(submitted)), Optional.empty()));
        List<DisbursementStatus> seen = new ArrayList<>();
        VerifiedCallback callback = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR);

        Receipt receipt = inbox.process(callback, body(callback), T0, Optional.of(submitted.id()), d -> {
            seen.add(d.status());
            return d.decide(callback.event());
        });

        assertThat(seen).containsExactly(ACCEPTED);
        assertThat(receipt).isInstanceOfSatisfying(Receipt.Processed.class, p -> assertThat(p.applied())
                .hasValueSatisfying(a -> assertThat(a.before()).isEqualTo(accepted)));
        assertThat(store.findById(submitted.id()).orElseThrow().status()).isEqualTo(SETTLED);
    }

    @Test
    void aStaleCallbackIsNoChangeAndLeavesTheDisbursement() {
        Disbursement submitted = submitted();
        process(reported(eventId(), submitted, SETTLED, AMOUNT_MINOR), submitted);
        Disbursement settled = store.findById(submitted.id()).orElseThrow();

        Receipt late = process(reported(eventId(), submitted, ACCEPTED, AMOUNT_MINOR), submitted);

        assertThat(late).isInstanceOfSatisfying(Receipt.Processed.class, p -> {
            assertThat(p.outcome()).isEqualTo(CallbackOutcome.NO_CHANGE);
            assertThat(p.applied()).hasValueSatisfying(a -> assertThat(a.after()).isEqualTo(settled));
        });
        assertThat(store.findById(submitted.id())).contains(settled);
    }

    @Test
    void aContradictingCallbackIsAnAnomalyAndLeavesTheDisbursement() {
        Disbursement submitted = submitted();
        VerifiedCallback otherAmount = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR * 10);

        Receipt receipt = process(otherAmount, submitted);

        assertThat(receipt).isInstanceOfSatisfying(Receipt.Processed.class, p -> {
            assertThat(p.outcome()).isEqualTo(CallbackOutcome.ANOMALY);
            assertThat(p.applied()).hasValueSatisfying(a -> assertThat(a.decision()).isInstanceOf(Decision.Anomaly.class));
        });
        assertThat(store.findById(submitted.id())).contains(submitted);
        assertThat(process(otherAmount, submitted)).isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.ANOMALY));
    }

    @Test
    void aCallbackWithoutOneOfOurIdsIsProcessedAsUnmatched() {
        VerifiedCallback callback = new VerifiedCallback(eventId(), "not-one-of-ours",
                PartnerEvent.reported(SETTLED, UNMATCHED_TRANSFER, Money.etb(AMOUNT_MINOR)), T0);

        Receipt first = inbox.process(callback, body(callback), T0, Optional.empty(), CallbackInboxContract::neverDecided);
        Receipt again = inbox.process(callback, body(callback), T0.plusSeconds(2), Optional.empty(),
                CallbackInboxContract::neverDecided);

        assertThat(first).isEqualTo(new Receipt.Processed(Optional.empty()));
        assertThat(((Receipt.Processed) first).outcome()).isEqualTo(CallbackOutcome.UNMATCHED);
        assertThat(again).isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.UNMATCHED));
    }

    @Test
    void anIdOfNoStoredDisbursementIsUnmatched() {
        DisbursementId unknown = new DisbursementId(UUID.randomUUID());
        VerifiedCallback callback = new VerifiedCallback(eventId(), unknown.toString(),
                PartnerEvent.reported(SETTLED, UNMATCHED_TRANSFER, Money.etb(AMOUNT_MINOR)), T0);

        Receipt receipt = inbox.process(callback, body(callback), T0, Optional.of(unknown),
                CallbackInboxContract::neverDecided);

        assertThat(receipt).isEqualTo(new Receipt.Processed(Optional.empty()));
        assertThat(((Receipt.Processed) receipt).outcome()).isEqualTo(CallbackOutcome.UNMATCHED);
    }

    @Test
    void aFailureWhileProcessingLeavesNoTraceAndTheRetryIsProcessedWhole() {
        // The gateway died (here: the decision threw) after the callback was recorded, before it was applied:
        // nothing of it may stay, or the bank's retry would be dropped as a duplicate and the settlement lost.
        Disbursement submitted = submitted();
        VerifiedCallback callback = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR);
        assertThatThrownBy(() -> inbox.process(callback, body(callback), T0, Optional.of(submitted.id()), d -> {
            throw new IllegalStateException("crash while deciding");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.findById(submitted.id())).contains(submitted);

        Receipt retried = process(callback, submitted);

        assertThat(retried).isInstanceOfSatisfying(Receipt.Processed.class,
                p -> assertThat(p.outcome()).isEqualTo(CallbackOutcome.APPLIED));
        assertThat(store.findById(submitted.id()).orElseThrow().status()).isEqualTo(SETTLED);
    }

    @Test
    void concurrentDeliveriesOfOneEventProcessItOnce() throws Exception {
        Disbursement submitted = submitted();
        VerifiedCallback callback = reported(eventId(), submitted, SETTLED, AMOUNT_MINOR);
        int deliveries = 6;
        ExecutorService bank = Executors.newFixedThreadPool(deliveries);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Receipt>> receipts = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                receipts.add(bank.submit(() -> {
                    start.await();
                    return process(callback, submitted);
                }));
            }
            start.countDown();
            List<Receipt> answered = new ArrayList<>();
            for (Future<Receipt> receipt : receipts) {
                answered.add(receipt.get(30, TimeUnit.SECONDS));
            }

            assertThat(answered).filteredOn(r -> r instanceof Receipt.Processed).singleElement()
                    .satisfies(r -> assertThat(((Receipt.Processed) r).outcome()).isEqualTo(CallbackOutcome.APPLIED));
            assertThat(answered).filteredOn(r -> r instanceof Receipt.AlreadyProcessed)
                    .containsOnly(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED)).hasSize(deliveries - 1);
        } finally {
            bank.shutdownNow();
        }
    }

    private Receipt process(VerifiedCallback callback, Disbursement target) {
        return inbox.process(callback, body(callback), T0, Optional.of(target.id()), d -> d.decide(callback.event()));
    }

    private Disbursement submitted() {
        Disbursement initiated = store.insertIfAbsent(TestDisbursements.initiated("inbox-" + UUID.randomUUID(), T0))
                .disbursement();
        return move(initiated, new Decision.Transition(INITIATED, SUBMITTED, Optional.empty(), Optional.empty()));
    }

    private Disbursement move(Disbursement current, Decision.Transition transition) {
        DisbursementStore.TransitionResult result = store.transition(current.id(), transition,
                TransitionCause.of(TransitionSource.API), T0);
        return ((DisbursementStore.TransitionResult.Applied) result).after();
    }

    private static Decision neverDecided(Disbursement disbursement) {
        throw new AssertionError("no disbursement should have been decided on, got " + disbursement.id());
    }

    private static String eventId() {
        return "evt-" + UUID.randomUUID();
    }

    private static VerifiedCallback reported(String eventId, Disbursement target, DisbursementStatus status,
            long amountMinor) {
        return new VerifiedCallback(eventId, target.id().toString(),
                PartnerEvent.reported(status, transferOf(target), Money.etb(amountMinor)), T0);
    }

    /** The bank's transfer id for this disbursement: unique, as the bank's are. */
    private static PartnerReference transferOf(Disbursement disbursement) {
        return new PartnerReference("DSH-" + disbursement.id());
    }

    private static byte[] body(VerifiedCallback callback) {
        return ("{\"type\":\"transfer\",\"id\":\"" + callback.eventId() + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
