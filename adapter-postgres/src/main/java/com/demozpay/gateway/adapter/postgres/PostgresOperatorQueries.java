package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.OperatorQueries;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link OperatorQueries} on PostgreSQL, each in a read-only transaction. */
public final class PostgresOperatorQueries implements OperatorQueries {

    private static final String IN_STATUS = """
            SELECT * FROM disbursements
             WHERE status = :status AND updated_at < :changed_before
             ORDER BY updated_at, id
             LIMIT :limit
            """;

    private static final String UNMATCHED = """
            SELECT event_id, reference, reported_status, partner_reference, occurred_at, received_at
              FROM callback_inbox
             WHERE outcome = 'UNMATCHED'
             ORDER BY received_at, event_id
             LIMIT :limit
            """;

    private final JdbiCalls calls;

    /** Over a data source the host owns and closes, whose database holds the gateway's schema. */
    public PostgresOperatorQueries(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public List<Disbursement> inStatus(DisbursementStatus status, Instant changedBefore, int limit) {
        return ReadOnly.query(calls, "list disbursements by status", handle -> handle.createQuery(IN_STATUS)
                .bind("status", status.name())
                .bind("changed_before", Timestamps.argument(changedBefore))
                .bind("limit", limit)
                .map(DisbursementRowMapper.INSTANCE)
                .list());
    }

    @Override
    public List<UnmatchedCallback> unmatchedCallbacks(int limit) {
        return ReadOnly.query(calls, "list unmatched callbacks", handle -> handle.createQuery(UNMATCHED)
                .bind("limit", limit)
                .map((row, context) -> new UnmatchedCallback(
                        row.getString("event_id"),
                        row.getString("reference"),
                        DisbursementStatus.valueOf(row.getString("reported_status")),
                        Optional.ofNullable(row.getString("partner_reference")),
                        Timestamps.read(row, "occurred_at"),
                        Timestamps.read(row, "received_at")))
                .list());
    }
}
