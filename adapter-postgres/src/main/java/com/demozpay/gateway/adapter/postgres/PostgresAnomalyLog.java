package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link AnomalyLog} on PostgreSQL ({@code disbursement_anomalies}). The same anomaly met again on the
 * same disbursement (the reconciler meets it on every pass) stays one open row, whose last sighting and
 * count are updated; {@link PostgresResolutionStore} closes the open rows of a disbursement it resolves.
 */
public final class PostgresAnomalyLog implements AnomalyLog {

    private static final String RECORD = """
            INSERT INTO disbursement_anomalies (disbursement_id, kind, detail, source, detected_at, last_seen_at)
            VALUES (:disbursement_id, :kind, :detail, :source, :at, :at)
            ON CONFLICT (disbursement_id, kind) WHERE resolved_at IS NULL
            DO UPDATE SET detail = excluded.detail, last_seen_at = excluded.last_seen_at,
                          times_seen = disbursement_anomalies.times_seen + 1
            """;

    private static final RowMapper<RecordedAnomaly> ROW = (row, context) -> new RecordedAnomaly(
            row.getLong("id"),
            new DisbursementId(row.getObject("disbursement_id", UUID.class)),
            AnomalyKind.valueOf(row.getString("kind")),
            row.getString("detail"),
            TransitionSource.valueOf(row.getString("source").toUpperCase(Locale.ROOT)),
            Timestamps.read(row, "detected_at"));

    private final JdbiCalls calls;

    /** Over a data source the host owns and closes, whose database holds the gateway's schema. */
    public PostgresAnomalyLog(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public void record(DisbursementId disbursementId, Decision.Anomaly anomaly, TransitionSource source, Instant at) {
        // Safe to repeat: a second run counts one more sighting of an open anomaly, nothing else.
        calls.repeatable("record anomaly", handle -> handle.createUpdate(RECORD)
                .bind("disbursement_id", disbursementId.value())
                .bind("kind", anomaly.kind().name())
                .bind("detail", anomaly.detail())
                .bind("source", source.label())
                .bind("at", Timestamps.argument(at))
                .execute());
    }

    @Override
    public List<RecordedAnomaly> unresolved(int limit) {
        return ReadOnly.query(calls, "list unresolved anomalies", handle -> handle.createQuery(
                        "SELECT * FROM disbursement_anomalies WHERE resolved_at IS NULL ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map(ROW)
                .list());
    }

    @Override
    public List<RecordedAnomaly> unresolved(DisbursementId disbursementId) {
        return ReadOnly.query(calls, "list unresolved anomalies of a disbursement", handle -> handle.createQuery(
                        "SELECT * FROM disbursement_anomalies WHERE resolved_at IS NULL AND disbursement_id = :id ORDER BY id")
                .bind("id", disbursementId.value())
                .map(ROW)
                .list());
    }
}
