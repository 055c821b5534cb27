package com.demozpay.gateway.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.demozpay.gateway.testing.TestDisbursements;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CallbackInbox} must do, written once: an inbox passes when a subclass that returns it
 * from {@link #inbox()} passes. The in-memory inbox and the PostgreSQL inbox both run it; so can an
 * embedder's own. Event ids are new in every test, so the inbox need not start empty.
 */
public abstract class CallbackInboxContract {

    private static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456Z");

    private CallbackInbox inbox;
    private DisbursementStore store;

    /** The inbox under test, called before each test. */
    protected abstract CallbackInbox inbox() throws Exception;

    /** The store whose disbursements the inbox's callbacks may match (the same database). */
    protected abstract DisbursementStore storeBesideTheInbox() throws Exception;

    @BeforeEach
    final void openInbox() throws Exception {
        inbox = inbox();
        store = storeBesideTheInbox();
    }

    @Test
    void aNewCallbackIsToProcess() {
        String eventId = eventId();

        assertThat(inbox.receive(settled(eventId, "ref-1"), body(eventId), T0)).isEqualTo(new Receipt.ToProcess());
    }

    @Test
    void aCallbackReceivedButNeverProcessedIsToProcessAgain() {
        // The gateway died between receiving and processing: the bank's retry must be processed, not dropped.
        String eventId = eventId();
        inbox.receive(settled(eventId, "ref-1"), body(eventId), T0);

        Receipt retry = inbox.receive(settled(eventId, "ref-1"), body(eventId), T0.plusSeconds(30));

        assertThat(retry).isEqualTo(new Receipt.ToProcess());
    }

    @Test
    void aProcessedCallbackIsAlreadyProcessedWithItsOutcome() {
        Disbursement matched = store.insertIfAbsent(TestDisbursements.initiated("inbox-" + UUID.randomUUID(), T0))
                .disbursement();
        String eventId = eventId();
        inbox.receive(settled(eventId, matched.id().toString()), body(eventId), T0);
        inbox.markProcessed(eventId, CallbackOutcome.APPLIED, Optional.of(matched.id()), T0.plusSeconds(1));

        Receipt retry = inbox.receive(settled(eventId, matched.id().toString()), body(eventId), T0.plusSeconds(30));

        assertThat(retry).isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
    }

    @Test
    void anUnmatchedCallbackIsProcessedWithoutADisbursement() {
        String eventId = eventId();
        inbox.receive(settled(eventId, "not-one-of-ours"), body(eventId), T0);

        inbox.markProcessed(eventId, CallbackOutcome.UNMATCHED, Optional.empty(), T0.plusSeconds(1));

        assertThat(inbox.receive(settled(eventId, "not-one-of-ours"), body(eventId), T0.plusSeconds(2)))
                .isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.UNMATCHED));
    }

    @Test
    void theFirstOutcomeRecordedIsKept() {
        // Two deliveries of one event processed at once: the first to finish decides what later ones hear.
        String eventId = eventId();
        inbox.receive(settled(eventId, "ref-1"), body(eventId), T0);
        inbox.markProcessed(eventId, CallbackOutcome.APPLIED, Optional.empty(), T0.plusSeconds(1));

        inbox.markProcessed(eventId, CallbackOutcome.NO_CHANGE, Optional.empty(), T0.plusSeconds(2));

        assertThat(inbox.receive(settled(eventId, "ref-1"), body(eventId), T0.plusSeconds(3)))
                .isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
    }

    @Test
    void markingAnEventNeverReceivedIsRefused() {
        String eventId = eventId();

        assertThatThrownBy(() -> inbox.markProcessed(eventId, CallbackOutcome.APPLIED, Optional.empty(), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(eventId);
    }

    private static String eventId() {
        return "evt-" + UUID.randomUUID();
    }

    private static VerifiedCallback settled(String eventId, String reference) {
        return new VerifiedCallback(eventId, reference,
                PartnerEvent.reported(DisbursementStatus.SETTLED, new PartnerReference("DSH-9"), Money.etb(15000)), T0);
    }

    private static byte[] body(String eventId) {
        return ("{\"type\":\"transfer.completed\",\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
