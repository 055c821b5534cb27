package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.ports.out.RecoveryStore;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link RecoveryStore} on PostgreSQL: a {@code recovered_transfers} row per transfer whose id is in
 * neither {@code disbursements} nor {@code recovered_transfers}; {@link PostgresDisbursementStore} turns
 * one into a disbursement when a retry derives its id.
 */
public final class PostgresRecoveryStore implements RecoveryStore {

    private static final String INSERT = """
            INSERT INTO recovered_transfers (id, transfer_id, amount_minor, currency, status, failure_code, value_date,
                    recovered_at)
            SELECT :id, :transfer_id, :amount_minor, :currency, :status, :failure_code, :value_date, :recovered_at
             WHERE NOT EXISTS (SELECT 1 FROM disbursements WHERE id = :id)
            ON CONFLICT (id) DO NOTHING
            """;

    private final JdbiCalls calls;

    /** Over a data source the host owns and closes, whose database holds the gateway's schema. */
    public PostgresRecoveryStore(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public List<RecoveredTransfer> recordMissing(List<RecoveredTransfer> candidates) {
        // One transaction: a recovery that fails half-way records nothing, and running it again is the fix.
        return calls.inTransaction("record recovered transfers", handle -> {
            List<RecoveredTransfer> recorded = new ArrayList<>();
            for (RecoveredTransfer t : candidates) {
                int inserted = handle.createUpdate(INSERT)
                        .bind("id", t.id().value())
                        .bind("transfer_id", t.transferId().value())
                        .bind("amount_minor", t.amount().amountMinor())
                        .bind("currency", t.amount().currency())
                        .bind("status", t.status().name())
                        .bind("failure_code", t.failureCode().orElse(null))
                        .bind("value_date", t.valueDate())
                        .bind("recovered_at", Timestamps.argument(t.recoveredAt()))
                        .execute();
                if (inserted == 1) {
                    recorded.add(t);
                }
            }
            return recorded;
        });
    }
}
