package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbox's rows in PostgreSQL; what every inbox must do is in PostgresCallbackInboxContractTest. */
class PostgresCallbackInboxTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(2);
    private CallbackInbox inbox;
    private DisbursementStore store;

    @BeforeEach
    void newInbox() {
        inbox = new PostgresCallbackInbox(DATABASE.pool().dataSource());
        store = new PostgresDisbursementStore(DATABASE.pool().dataSource());
    }

    /** The bank's transfer id is {@code DSH-<eventId>}: unique, as the bank's are. */
    static VerifiedCallback settled(String eventId, String reference) {
        return new VerifiedCallback(eventId, reference,
                PartnerEvent.reported(DisbursementStatus.SETTLED, new PartnerReference("DSH-" + eventId), Money.etb(150_000)),
                Fixtures.T0);
    }

    static byte[] body(String eventId) {
        return ("{\"type\":\"transfer.completed\",\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Processes a callback whose reference is none of our ids, as the webhook does: it is kept, unmatched. */
    static Receipt processUnmatched(CallbackInbox inbox, String eventId, String reference, Instant at) {
        return inbox.process(settled(eventId, reference), body(eventId), at, Optional.empty(), d -> {
            throw new AssertionError("an unmatched callback decided on " + d.id());
        });
    }

    @Test
    void aProcessedCallbackIsKeptAsReceivedWithItsOutcomeAndItsTransitionIsLoggedWithItsEventId() throws SQLException {
        Disbursement submitted = submitted(store);
        String eventId = "evt-" + UUID.randomUUID();
        byte[] raw = body(eventId);
        VerifiedCallback callback = settled(eventId, submitted.id().toString());

        Receipt receipt = inbox.process(callback, raw, Fixtures.T0.plusSeconds(1), Optional.of(submitted.id()),
                d -> d.decide(callback.event()));

        assertThat(receipt).isInstanceOfSatisfying(Receipt.Processed.class,
                p -> assertThat(p.outcome()).isEqualTo(CallbackOutcome.APPLIED));
        Instant at = Fixtures.T0.plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        try (Connection connection = database().connect();
                PreparedStatement statement = connection.prepareStatement("SELECT * FROM callback_inbox WHERE event_id = ?")) {
            statement.setString(1, eventId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBytes("raw_payload")).isEqualTo(raw);
                assertThat(row.getString("reference")).isEqualTo(submitted.id().toString());
                assertThat(row.getString("reported_status")).isEqualTo("SETTLED");
                assertThat(row.getString("partner_reference")).isEqualTo("DSH-" + eventId);
                assertThat(Timestamps.read(row, "occurred_at")).isEqualTo(Fixtures.T0.truncatedTo(ChronoUnit.MICROS));
                assertThat(Timestamps.read(row, "received_at")).isEqualTo(at);
                assertThat(Timestamps.read(row, "processed_at")).isEqualTo(at);
                assertThat(row.getString("outcome")).isEqualTo("APPLIED");
                assertThat(row.getString("matched_disbursement_id")).isEqualTo(submitted.id().toString());
            }
        }
        assertThat(Fixtures.log(database(), submitted.id())).last()
                .isEqualTo(new Fixtures.LogRow("SUBMITTED", "SETTLED", "webhook", eventId, at));
    }

    @Test
    void anUnmatchedCallbackIsKeptForReconciliation() throws SQLException {
        String eventId = "evt-" + UUID.randomUUID();

        processUnmatched(inbox, eventId, "not-one-of-ours", Fixtures.T0);

        assertThat(Fixtures.count(database(), "SELECT count(*) FROM callback_inbox WHERE event_id = '" + eventId
                + "' AND reference = 'not-one-of-ours' AND outcome = 'UNMATCHED' AND matched_disbursement_id IS NULL"
                + " AND processed_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aRowAnEarlierVersionLeftUnprocessedIsProcessedByTheRetry() throws SQLException {
        // Versions before one transaction per callback recorded the row, then applied it: a crash in between
        // left an unprocessed row, which the bank's retry must still apply after an upgrade.
        Disbursement submitted = submitted(store);
        String eventId = "evt-" + UUID.randomUUID();
        Fixtures.execute(database(), "INSERT INTO callback_inbox (event_id, reference, reported_status, occurred_at,"
                + " raw_payload, received_at) VALUES ('" + eventId + "', '" + submitted.id() + "', 'SETTLED', now(),"
                + " 'x'::bytea, now())");
        VerifiedCallback callback = settled(eventId, submitted.id().toString());

        Receipt retry = inbox.process(callback, body(eventId), Fixtures.T0.plusSeconds(30), Optional.of(submitted.id()),
                d -> d.decide(callback.event()));

        assertThat(retry).isInstanceOfSatisfying(Receipt.Processed.class,
                p -> assertThat(p.outcome()).isEqualTo(CallbackOutcome.APPLIED));
        assertThat(store.findById(submitted.id()).orElseThrow().status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(Fixtures.count(database(), "SELECT count(*) FROM callback_inbox WHERE event_id = '" + eventId
                + "' AND outcome = 'APPLIED'")).isEqualTo(1);
    }

    /** A new disbursement, moved to SUBMITTED as the API's submit would. */
    static Disbursement submitted(DisbursementStore store) {
        Disbursement initiated = store.insertIfAbsent(Fixtures.initiated("inbox-" + UUID.randomUUID(), Fixtures.T0))
                .disbursement();
        Decision.Transition submit = Fixtures.move(DisbursementStatus.INITIATED, DisbursementStatus.SUBMITTED);
        return ((DisbursementStore.TransitionResult.Applied) store.transition(initiated.id(), submit,
                TransitionCause.of(TransitionSource.API), Fixtures.T0)).after();
    }

    private static TestDatabase database() {
        return DATABASE.database();
    }
}
