package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.NoChangeReason;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.out.AnomalyLog.RecordedAnomaly;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.OperatorQueries;
import com.demozpay.gateway.ports.out.ResolutionStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's ports on PostgreSQL: kept anomalies, audited resolutions and read-only queries. */
class PostgresOperatorStoreTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(2);

    private static final PartnerReference TRANSFER = new PartnerReference("DSH-OPS-1");
    private static final Decision.Anomaly CONFLICT = new Decision.Anomaly(AnomalyKind.CONFLICTING_FINAL,
            "bank reports SETTLED for a disbursement that is FAILED NOT_SUBMITTED");

    private final DisbursementStore store = new PostgresDisbursementStore(DATABASE.pool().dataSource());
    private final PostgresAnomalyLog anomalies = new PostgresAnomalyLog(DATABASE.pool().dataSource());
    private final ResolutionStore resolutions = new PostgresResolutionStore(DATABASE.pool().dataSource());
    private final OperatorQueries queries = new PostgresOperatorQueries(DATABASE.pool().dataSource());

    @Test
    void theSameAnomalyMetAgainStaysOneOpenRowCountingItsSightings() throws SQLException {
        Disbursement failed = failedNotSubmitted();

        anomalies.record(failed.id(), CONFLICT, TransitionSource.WEBHOOK, Fixtures.T0);
        anomalies.record(failed.id(), CONFLICT, TransitionSource.RECONCILER, Fixtures.T0.plusSeconds(5));

        assertThat(anomalies.unresolved(failed.id())).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL);
            assertThat(anomaly.source()).isEqualTo(TransitionSource.WEBHOOK);
            assertThat(anomaly.detectedAt()).isEqualTo(Timestamps.micros(Fixtures.T0));
        });
        assertThat(timesSeen(failed)).isEqualTo(2);
        assertThat(anomalies.unresolved(100)).extracting(RecordedAnomaly::disbursementId).contains(failed.id());
    }

    @Test
    void aResolutionMovesAFinalStateWritesItsAuditAndClosesTheAnomalies() throws SQLException {
        Disbursement failed = failedNotSubmitted();
        anomalies.record(failed.id(), CONFLICT, TransitionSource.WEBHOOK, Fixtures.T0);
        var move = new OperatorResolution.Outcome.Move(DisbursementStatus.FAILED, DisbursementStatus.SETTLED,
                Optional.of(TRANSFER), Optional.empty(), false);

        TransitionResult result = resolutions.resolve(failed.id(), move,
                new ResolutionStore.Audit("abebe", "ticket OPS-7", Optional.empty(), "SETTLED transfer DSH-OPS-1"),
                Fixtures.T0.plusSeconds(60));

        assertThat(result).isInstanceOfSatisfying(TransitionResult.Applied.class, applied -> {
            assertThat(applied.after().status()).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(applied.after().failure()).isEmpty();
            assertThat(applied.after().partnerReference()).contains(TRANSFER);
        });
        assertThat(store.findById(failed.id())).get().extracting(Disbursement::status).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(lastAudit(failed)).isEqualTo("FAILED>SETTLED operator abebe ticket OPS-7 null SETTLED transfer DSH-OPS-1");
        assertThat(anomalies.unresolved(failed.id())).isEmpty();
    }

    @Test
    void aResolutionOfADisbursementThatMovedMeanwhileChangesNothing() throws SQLException {
        Disbursement failed = failedNotSubmitted();
        var move = new OperatorResolution.Outcome.Move(DisbursementStatus.ACCEPTED, DisbursementStatus.SETTLED,
                Optional.of(TRANSFER), Optional.empty(), false);

        TransitionResult result = resolutions.resolve(failed.id(), move,
                new ResolutionStore.Audit("abebe", "why", Optional.of("override"), "NO_RECORD"), Fixtures.T0);

        assertThat(result).isInstanceOfSatisfying(TransitionResult.Lost.class,
                lost -> assertThat(lost.current().status()).isEqualTo(DisbursementStatus.FAILED));
        assertThat(lastAudit(failed)).startsWith("INITIATED>FAILED reconciler");
    }

    @Test
    void aFailedDisbursementWhoseRequestWasPaidAgainIsNotMovedBackToLife() throws SQLException {
        Disbursement failed = failedNotSubmitted();
        Disbursement paidAgain = store.insertIfAbsent(Disbursement.initiate(new DisbursementId(UUID.randomUUID()),
                new DisbursementRequest(new IdempotencyKey("again-" + UUID.randomUUID()), failed.request().product(),
                        failed.request().productReference(), failed.request().amount(), failed.request().beneficiary(),
                        failed.request().narrative()), Fixtures.T0)).disbursement();
        var move = new OperatorResolution.Outcome.Move(DisbursementStatus.FAILED, DisbursementStatus.SETTLED,
                Optional.of(TRANSFER), Optional.empty(), false);

        assertThatThrownBy(() -> resolutions.resolve(failed.id(), move,
                new ResolutionStore.Audit("abebe", "why", Optional.empty(), "SETTLED"), Fixtures.T0))
                .isInstanceOfSatisfying(ProductReferenceInUseException.class,
                        inUse -> assertThat(inUse.existing()).isEqualTo(paidAgain.id()));
        assertThat(store.findById(failed.id())).get().extracting(Disbursement::status).isEqualTo(DisbursementStatus.FAILED);
        assertThat(lastAudit(failed)).startsWith("INITIATED>FAILED reconciler");
    }

    @Test
    void anOperatorRowWithoutItsAuditIsRefusedByTheSchema() {
        Disbursement failed = failedNotSubmitted();

        assertThatThrownBy(() -> {
            try (Connection connection = DATABASE.database().connect();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO disbursement_transitions"
                            + " (disbursement_id, from_status, to_status, source, at) VALUES (?, 'FAILED', 'SETTLED', 'operator', now())")) {
                insert.setObject(1, failed.id().value());
                insert.executeUpdate();
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("disbursement_transitions_operator_audited");
    }

    @Test
    void listsDisbursementsInAStatusOldestChangeFirst() {
        String status = "list-" + UUID.randomUUID();
        Disbursement older = store.insertIfAbsent(Fixtures.initiated(status + "-a", Fixtures.T0.minusSeconds(120))).disbursement();
        Disbursement newer = store.insertIfAbsent(Fixtures.initiated(status + "-b", Fixtures.T0.minusSeconds(60))).disbursement();

        assertThat(queries.inStatus(DisbursementStatus.INITIATED, Fixtures.T0, 1000))
                .extracting(Disbursement::id).containsSubsequence(older.id(), newer.id());
        assertThat(queries.inStatus(DisbursementStatus.INITIATED, Fixtures.T0.minusSeconds(90), 1000))
                .extracting(Disbursement::id).contains(older.id()).doesNotContain(newer.id());
    }

    @Test
    void listsUnmatchedCallbacksOnly() {
        var inbox = new PostgresCallbackInbox(DATABASE.pool().dataSource());
        String unmatched = "evt-" + UUID.randomUUID();
        String applied = "evt-" + UUID.randomUUID();
        PostgresCallbackInboxTest.processUnmatched(inbox, unmatched, "ref-unknown", Fixtures.T0);
        Disbursement matched = new PostgresDisbursementStore(DATABASE.pool().dataSource())
                .insertIfAbsent(Fixtures.initiated("matched-" + applied, Fixtures.T0)).disbursement();
        inbox.process(PostgresCallbackInboxTest.settled(applied, matched.id().toString()),
                PostgresCallbackInboxTest.body(applied), Fixtures.T0, Optional.of(matched.id()),
                d -> new Decision.NoChange(NoChangeReason.STALE));

        assertThat(queries.unmatchedCallbacks(1000)).extracting(OperatorQueries.UnmatchedCallback::eventId)
                .contains(unmatched).doesNotContain(applied);
    }

    private Disbursement failedNotSubmitted() {
        Disbursement initiated = store.insertIfAbsent(Fixtures.initiated("ops-" + UUID.randomUUID(), Fixtures.T0)).disbursement();
        return ((TransitionResult.Applied) store.transition(initiated.id(),
                Fixtures.fail(DisbursementStatus.INITIATED, Failure.NOT_SUBMITTED, "never received"),
                TransitionCause.of(TransitionSource.RECONCILER), Fixtures.T0)).after();
    }

    private static int timesSeen(Disbursement disbursement) throws SQLException {
        try (Connection connection = DATABASE.database().connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT times_seen FROM disbursement_anomalies WHERE disbursement_id = ?")) {
            query.setObject(1, disbursement.id().value());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static String lastAudit(Disbursement disbursement) throws SQLException {
        try (Connection connection = DATABASE.database().connect();
                PreparedStatement query = connection.prepareStatement("SELECT from_status || '>' || to_status, source,"
                        + " operator, reason, override_reason, bank_answer FROM disbursement_transitions"
                        + " WHERE disbursement_id = ? ORDER BY id DESC LIMIT 1")) {
            query.setObject(1, disbursement.id().value());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4)
                        + " " + row.getString(5) + " " + row.getString(6);
            }
        }
    }
}
