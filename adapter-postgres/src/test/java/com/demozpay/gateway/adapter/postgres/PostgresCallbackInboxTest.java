package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
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


    @BeforeEach
    void newInbox() {
        inbox = new PostgresCallbackInbox(DATABASE.pool().dataSource());
    }

    static VerifiedCallback settled(String eventId, String reference) {
        return new VerifiedCallback(eventId, reference,
                PartnerEvent.reported(DisbursementStatus.SETTLED, new PartnerReference("DSH-9"), Money.etb(150_000)),
                Fixtures.T0);
    }

    static byte[] body(String eventId) {
        return ("{\"type\":\"transfer.completed\",\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewCallbackIsToProcessAndIsKeptAsReceived() throws SQLException {
        String eventId = "evt-" + UUID.randomUUID();
        byte[] raw = body(eventId);

        Receipt receipt = inbox.receive(settled(eventId, "ref-1"), raw, Fixtures.T0.plusSeconds(1));

        assertThat(receipt).isEqualTo(new Receipt.ToProcess());
        try (Connection connection = database().connect();
                PreparedStatement statement = connection.prepareStatement("SELECT * FROM callback_inbox WHERE event_id = ?")) {
            statement.setString(1, eventId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBytes("raw_payload")).isEqualTo(raw);
                assertThat(row.getString("reference")).isEqualTo("ref-1");
                assertThat(row.getString("reported_status")).isEqualTo("SETTLED");
                assertThat(row.getString("partner_reference")).isEqualTo("DSH-9");
                assertThat(Timestamps.read(row, "occurred_at")).isEqualTo(Fixtures.T0.truncatedTo(ChronoUnit.MICROS));
                assertThat(Timestamps.read(row, "received_at"))
                        .isEqualTo(Fixtures.T0.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
                assertThat(row.getString("outcome")).isNull();
                assertThat(row.getObject("processed_at")).isNull();
            }
        }
    }

    @Test
    void aProcessedCallbackIsAlreadyProcessedWithItsOutcome() throws SQLException {
        Disbursement matched = insertDisbursement();
        String eventId = "evt-" + UUID.randomUUID();
        inbox.receive(settled(eventId, matched.id().toString()), body(eventId), Fixtures.T0);
        inbox.markProcessed(eventId, CallbackOutcome.APPLIED, Optional.of(matched.id()), Fixtures.T0.plusSeconds(1));

        Receipt retry = inbox.receive(settled(eventId, matched.id().toString()), body(eventId), Fixtures.T0.plusSeconds(30));

        assertThat(retry).isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
        assertThat(Fixtures.count(database(), "SELECT count(*) FROM callback_inbox WHERE event_id = '" + eventId
                + "' AND matched_disbursement_id = '" + matched.id() + "' AND processed_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void anUnmatchedCallbackIsKeptForReconciliation() throws SQLException {
        String eventId = "evt-" + UUID.randomUUID();
        inbox.receive(settled(eventId, "not-one-of-ours"), body(eventId), Fixtures.T0);

        inbox.markProcessed(eventId, CallbackOutcome.UNMATCHED, Optional.empty(), Fixtures.T0.plusSeconds(1));

        assertThat(Fixtures.count(database(), "SELECT count(*) FROM callback_inbox WHERE reference = 'not-one-of-ours'"
                + " AND outcome = 'UNMATCHED' AND matched_disbursement_id IS NULL")).isEqualTo(1);
    }

    private static Disbursement insertDisbursement() {
        Disbursement disbursement = Fixtures.initiated("inbox-" + UUID.randomUUID(), Instant.now());
        return new PostgresDisbursementStore(DATABASE.pool().dataSource()).insertIfAbsent(disbursement).disbursement();
    }

    private static TestDatabase database() {
        return DATABASE.database();
    }
}
