package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.domain.reconciliation.ReconciliationItem;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.domain.reconciliation.UnmatchedCallback;
import com.demozpay.gateway.ports.out.ReconciliationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link ReconciliationStore} on PostgreSQL: our side of a day from {@code disbursements} (by creation
 * time, UTC; a recovered one by its transfer's value date), {@code recovered_transfers} not yet claimed
 * and {@code callback_inbox}'s unmatched rows;
 * runs in {@code reconciliation_runs} with their {@code reconciliation_items}; the daily claim is a row
 * per date in {@code scheduled_reconciliations}, whose primary key lets one replica in.
 */
public final class PostgresReconciliationStore implements ReconciliationStore {

    // A disbursement made from a recovered transfer belongs to the transfer's value date, not to the day a
    // retry claimed it: on that day's statement it is not, and would read as missing at the bank.
    private static final String HELD_ON = """
            SELECT id, amount_minor, currency, status, false AS recovered FROM disbursements
             WHERE created_at >= :from AND created_at < :to AND recovered_at IS NULL
            UNION ALL
            SELECT d.id, d.amount_minor, d.currency, d.status, false FROM disbursements d
              JOIN recovered_transfers r ON r.id = d.id
             WHERE r.value_date = :day AND d.recovered_at IS NOT NULL
            UNION ALL
            SELECT id, amount_minor, currency, status, true FROM recovered_transfers
             WHERE value_date = :day AND claimed_at IS NULL
            """;

    private static final String HELD_AMONG = """
            SELECT id, amount_minor, currency, status, false AS recovered FROM disbursements
             WHERE id = ANY (CAST(:ids AS uuid[]))
            UNION ALL
            SELECT id, amount_minor, currency, status, true FROM recovered_transfers
             WHERE id = ANY (CAST(:ids AS uuid[])) AND claimed_at IS NULL
            """;

    private static final String UNMATCHED_ON = """
            SELECT reference, reported_status, event_id FROM callback_inbox c
             WHERE outcome = 'UNMATCHED' AND received_at >= :from AND received_at < :to
               AND NOT EXISTS (SELECT 1 FROM disbursements d WHERE d.id::text = c.reference)
               AND NOT EXISTS (SELECT 1 FROM recovered_transfers r WHERE r.id::text = c.reference)
             ORDER BY received_at
            """;

    private static final String INSERT_RUN = """
            INSERT INTO reconciliation_runs (statement_date, origin, started_at, finished_at, items, discrepancies)
            VALUES (:day, :origin, :started_at, :finished_at, :items, :discrepancies)
            RETURNING id
            """;

    private static final String INSERT_ITEM = """
            INSERT INTO reconciliation_items (run_id, classification, reference, bank_transfer_id, bank_amount_minor,
                    bank_currency, bank_status, our_amount_minor, our_currency, our_status, detail)
            VALUES (:run_id, :classification, :reference, :bank_transfer_id, :bank_amount_minor, :bank_currency,
                    :bank_status, :our_amount_minor, :our_currency, :our_status, :detail)
            """;

    // Inserted, or taken over from a claim that went stale without a run: RETURNING says which.
    private static final String CLAIM_DAY = """
            INSERT INTO scheduled_reconciliations (statement_date, claimed_at) VALUES (:day, :now)
            ON CONFLICT (statement_date) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
             WHERE scheduled_reconciliations.run_id IS NULL AND scheduled_reconciliations.claimed_at < :stale
            RETURNING statement_date
            """;

    private static final String LATEST_COUNTS = """
            SELECT classification, count(*) AS n FROM reconciliation_items
             WHERE run_id = (SELECT max(id) FROM reconciliation_runs)
             GROUP BY classification
            """;

    private final JdbiCalls calls;

    /** Over a data source the host owns and closes, whose database holds the gateway's schema. */
    public PostgresReconciliationStore(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public List<HeldTransfer> heldOn(LocalDate day) {
        return calls.repeatable("read disbursements of a day", handle -> handle.createQuery(HELD_ON)
                .bind("from", Timestamps.argument(startOf(day)))
                .bind("to", Timestamps.argument(startOf(day.plusDays(1))))
                .bind("day", day)
                .map((row, ctx) -> held(row))
                .list());
    }

    @Override
    public List<HeldTransfer> heldAmong(Collection<String> references) {
        List<String> ids = references.stream().filter(r -> StatementLine.ourId(r).isPresent()).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return calls.repeatable("read disbursements by reference", handle -> handle.createQuery(HELD_AMONG)
                .bindArray("ids", String.class, ids)
                .map((row, ctx) -> held(row))
                .list());
    }

    @Override
    public List<UnmatchedCallback> unmatchedCallbacksOn(LocalDate day) {
        return calls.repeatable("read unmatched callbacks of a day", handle -> handle.createQuery(UNMATCHED_ON)
                .bind("from", Timestamps.argument(startOf(day)))
                .bind("to", Timestamps.argument(startOf(day.plusDays(1))))
                .map((row, ctx) -> new UnmatchedCallback(row.getString("reference"),
                        DisbursementStatus.valueOf(row.getString("reported_status")), row.getString("event_id")))
                .list());
    }

    @Override
    public long save(Reconciliation reconciliation, String origin, Instant startedAt, Instant finishedAt) {
        return calls.inTransaction("store reconciliation run", handle -> {
            long runId = handle.createQuery(INSERT_RUN)
                    .bind("day", reconciliation.day())
                    .bind("origin", origin)
                    .bind("started_at", Timestamps.argument(startedAt))
                    .bind("finished_at", Timestamps.argument(finishedAt))
                    .bind("items", reconciliation.items().size())
                    .bind("discrepancies", reconciliation.discrepancyCount())
                    .mapTo(Long.class)
                    .one();
            PreparedBatch batch = handle.prepareBatch(INSERT_ITEM);
            for (ReconciliationItem item : reconciliation.items()) {
                batch.bind("run_id", runId)
                        .bind("classification", item.classification().name())
                        .bind("reference", item.reference())
                        .bind("bank_transfer_id", item.bank().map(l -> l.transferId().value()).orElse(null))
                        .bind("bank_amount_minor", item.bank().map(l -> l.amount().amountMinor()).orElse(null))
                        .bind("bank_currency", item.bank().map(l -> l.amount().currency()).orElse(null))
                        .bind("bank_status", item.bank().map(l -> l.status().name()).orElse(null))
                        .bind("our_amount_minor", item.ours().map(h -> h.amount().amountMinor()).orElse(null))
                        .bind("our_currency", item.ours().map(h -> h.amount().currency()).orElse(null))
                        .bind("our_status", item.ours().map(h -> h.status().name()).orElse(null))
                        .bind("detail", item.detail())
                        .add();
            }
            if (!reconciliation.items().isEmpty()) {
                batch.execute();
            }
            return runId;
        });
    }

    @Override
    public boolean claimScheduledRun(LocalDate day, Instant now, Duration retryAfter) {
        return calls.inTransaction("claim scheduled reconciliation", handle -> handle.createQuery(CLAIM_DAY)
                .bind("day", day)
                .bind("now", Timestamps.argument(now))
                .bind("stale", Timestamps.argument(now.minus(retryAfter)))
                .mapTo(LocalDate.class)
                .findOne()
                .isPresent());
    }

    @Override
    public void releaseScheduledRun(LocalDate day, Instant claimedAt) {
        calls.repeatable("release scheduled reconciliation", handle -> handle.createUpdate("""
                        DELETE FROM scheduled_reconciliations
                         WHERE statement_date = :day AND claimed_at = :claimed_at AND run_id IS NULL
                        """)
                .bind("day", day)
                .bind("claimed_at", Timestamps.argument(claimedAt))
                .execute());
    }

    @Override
    public void finishScheduledRun(LocalDate day, long runId) {
        calls.repeatable("finish scheduled reconciliation", handle -> handle.createUpdate(
                        "UPDATE scheduled_reconciliations SET run_id = :run_id WHERE statement_date = :day")
                .bind("run_id", runId)
                .bind("day", day)
                .execute());
    }

    @Override
    public Map<ReconciliationClass, Integer> latestCounts() {
        return calls.repeatable("read latest reconciliation", handle -> {
            Map<ReconciliationClass, Integer> counts = new EnumMap<>(ReconciliationClass.class);
            handle.createQuery(LATEST_COUNTS).map((row, ctx) -> Map.entry(
                            ReconciliationClass.valueOf(row.getString("classification")), row.getInt("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            boolean anyRun = handle.createQuery("SELECT EXISTS (SELECT 1 FROM reconciliation_runs)")
                    .mapTo(Boolean.class).one();
            if (anyRun) {
                for (ReconciliationClass c : ReconciliationClass.values()) {
                    counts.putIfAbsent(c, 0);
                }
            }
            return counts;
        });
    }

    private static HeldTransfer held(ResultSet row) throws SQLException {
        return new HeldTransfer(new DisbursementId(row.getObject("id", UUID.class)),
                new Money(row.getLong("amount_minor"), row.getString("currency")),
                DisbursementStatus.valueOf(row.getString("status")), row.getBoolean("recovered"));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
