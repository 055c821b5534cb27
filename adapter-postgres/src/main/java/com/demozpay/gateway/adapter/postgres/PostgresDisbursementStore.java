package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DisbursementStore} on PostgreSQL, safe for several replicas on one database. Each change of
 * state is one transaction that writes the row and its transition-log row together: creation is
 * {@code INSERT … ON CONFLICT DO NOTHING} (the idempotency key, or a live disbursement's product
 * reference), a transition is a compare-and-set
 * {@code UPDATE … WHERE id = ? AND status = ?}, and stale disbursements are leased with
 * {@code FOR UPDATE SKIP LOCKED}. A lease ({@link Lease}) is the row's {@code claimed_until}, computed from
 * the database's clock ({@code now()}) so that replicas whose clocks disagree still agree on it, and its
 * {@code lease_token}, a counter incremented on every lease, which {@link #release} and
 * {@link #transitionUnderLease} present: a write under a lease that expired or passed to another holder
 * matches no row and changes nothing.
 *
 * <p>A transfer recovered from the bank's statement under the new disbursement's id (table
 * {@code recovered_transfers}, see {@link PostgresRecoveryStore}) is claimed by the insert: it becomes
 * that disbursement, in the bank's state, logged with source {@code recovery}, and is returned as the
 * one that already exists, so the caller's retry finds it instead of sending it again.
 *
 * <p>Times are stored with microsecond precision: every {@link Instant} passed in is truncated to
 * microseconds, and the disbursements returned (including by {@link #insertIfAbsent} and
 * {@link #transition}) carry the stored values, so a value read back equals what was written.
 */
public final class PostgresDisbursementStore implements DisbursementStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresDisbursementStore.class);

    // With :unless_recovered, nothing is inserted while a recovered transfer waits under this id (the caller
    // then claims it), and recovery_pending says so: the common case, no recovered transfer, in one statement.
    private static final String INSERT = """
            WITH recovery AS (
                SELECT CAST(:unless_recovered AS boolean)
                       AND EXISTS (SELECT 1 FROM recovered_transfers WHERE id = :id AND claimed_at IS NULL) AS pending
            ), inserted AS (
                INSERT INTO disbursements (id, idempotency_key, product, product_reference, amount_minor, currency,
                        account_number, account_name, narrative, status, partner_reference, failure_code,
                        failure_message, created_at, updated_at, recovered_at, claimed_until, lease_token)
                SELECT :id, :idempotency_key, :product, :product_reference, :amount_minor, :currency,
                        :account_number, :account_name, :narrative, :status, :partner_reference, :failure_code,
                        :failure_message, :created_at, :updated_at, :recovered_at,
                        now() + CAST(:lease_micros AS bigint) * interval '1 microsecond',
                        CASE WHEN CAST(:lease_micros AS bigint) IS NULL THEN 0 ELSE 1 END
                  FROM recovery WHERE NOT recovery.pending
                ON CONFLICT DO NOTHING
                RETURNING *
            ), logged AS (
                INSERT INTO disbursement_transitions (disbursement_id, from_status, to_status, source, at)
                SELECT id, NULL, status, :source, updated_at FROM inserted
            )
            SELECT recovery.pending AS recovery_pending, inserted.* FROM recovery LEFT JOIN inserted ON true
            """;

    // The fence: the row's lease must still carry this token and not have expired on the database's clock
    // at the moment the row is written (clock_timestamp(), not the transaction's start). An UPDATE that waited
    // for another holder's lease re-evaluates this on the row that holder left, so it finds the new token.
    private static final String TRANSITION_UNDER_LEASE = DisbursementRows.transition(", claimed_until = NULL",
            " AND lease_token = :token AND claimed_until > clock_timestamp()", "");

    private static final String SELECT_WITH_LEASE_HELD = """
            SELECT *, (lease_token = :token AND claimed_until IS NOT NULL AND claimed_until > clock_timestamp())
                   AS lease_held
              FROM disbursements WHERE id = :id
            """;

    // The literal status list lets the planner use the partial index whatever :status is bound to.
    // MATERIALIZED makes the locking SELECT run exactly once.
    private static final String LEASE_STALE = """
            WITH leasable AS MATERIALIZED (
                SELECT id FROM disbursements
                 WHERE status = :status
                   AND status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED')
                   AND updated_at < :changed_before
                   AND (claimed_until IS NULL OR claimed_until <= now())
                 ORDER BY updated_at, id
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE disbursements d
               SET claimed_until = now() + :lease_micros * interval '1 microsecond', lease_token = d.lease_token + 1
              FROM leasable
             WHERE d.id = leasable.id
            RETURNING d.*
            """;

    private static final String LEASE_ONE = """
            UPDATE disbursements
               SET claimed_until = now() + :lease_micros * interval '1 microsecond', lease_token = lease_token + 1
             WHERE id = :id AND status = :status
               AND (claimed_until IS NULL OR claimed_until <= now())
            RETURNING lease_token
            """;

    private static final String SUMMARIZE_OPEN = """
            SELECT status, count(*) AS count, min(created_at) AS oldest_created_at
              FROM disbursements
             WHERE status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED')
             GROUP BY status
            """;

    private static final String SELECT_LIVE_BY_PRODUCT_REFERENCE = """
            SELECT * FROM disbursements
             WHERE product = :product AND product_reference = :product_reference AND status <> 'FAILED'
            """;

    private static final String SELECT_RECOVERED_FOR_UPDATE = """
            SELECT * FROM recovered_transfers WHERE id = :id AND claimed_at IS NULL FOR UPDATE
            """;

    private static final int MAX_INSERT_ROUNDS = 3;

    private final JdbiCalls calls;

    /**
     * Over a data source the host owns and closes (the app's is {@link PostgresPool#dataSource()}), whose
     * database holds the gateway's schema: apply it first with {@link Migrations#apply()}.
     */
    public PostgresDisbursementStore(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public InsertResult insertIfAbsent(Disbursement disbursement) {
        return insert(disbursement, Optional.empty());
    }

    @Override
    public InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor) {
        return insert(disbursement, Optional.of(micros(leaseFor)));
    }

    private InsertResult insert(Disbursement disbursement, Optional<Long> leaseMicros) {
        if (disbursement.status() != DisbursementStatus.INITIATED) {
            throw new IllegalArgumentException("only an INITIATED disbursement is inserted, not " + disbursement.status());
        }
        // The holder of a product reference may fail between the conflict and the read: then try again.
        for (int round = 0; round < MAX_INSERT_ROUNDS; round++) {
            Optional<InsertResult> result = calls.inTransaction("insert disbursement", handle -> tryInsert(handle,
                    disbursement, leaseMicros));
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new IllegalStateException("disbursement " + disbursement.id() + " kept conflicting with rows that vanish");
    }

    private static Optional<InsertResult> tryInsert(Handle handle, Disbursement disbursement,
            Optional<Long> leaseMicros) {
        Attempt attempt = insert(handle, disbursement, TransitionSource.API, Optional.empty(), leaseMicros);
        if (attempt.inserted().isPresent()) {
            return attempt.inserted().map(InsertResult.class::cast);
        }
        if (attempt.recoveryPending()) {
            Optional<InsertResult> recovered = claimRecovered(handle, disbursement);
            if (recovered.isPresent()) {
                return recovered;
            }
            // Another retry claimed it first, or the adopted row conflicted: the reads below find the holder.
        }
        // ON CONFLICT waited for the conflicting row's transaction, so these reads (new statements) see it.
        Optional<InsertResult> sameKey = selectByKey(handle, disbursement.request().idempotencyKey())
                .map(InsertResult.AlreadyExists::new);
        if (sameKey.isPresent()) {
            return sameKey;
        }
        return handle.createQuery(SELECT_LIVE_BY_PRODUCT_REFERENCE)
                .bind("product", disbursement.request().product().name())
                .bind("product_reference", disbursement.request().productReference())
                .map(DisbursementRowMapper.INSTANCE)
                .findOne()
                .map(InsertResult.ProductReferenceTaken::new);
    }

    /**
     * A transfer recovered from the bank's statement under this (derived) id is this request's, sent before
     * our row was lost: it becomes the disbursement, in the bank's state, and the caller finds it instead
     * of paying again. Locked, so that of two retries at once one claims it and the other finds the row.
     *
     * @throws com.demozpay.gateway.domain.IdempotencyConflictException when the amounts differ
     */
    private static Optional<InsertResult> claimRecovered(Handle handle, Disbursement disbursement) {
        Optional<RecoveredTransfer> recovered = handle.createQuery(SELECT_RECOVERED_FOR_UPDATE)
                .bind("id", disbursement.id().value())
                .map((row, ctx) -> recoveredTransfer(row))
                .findOne();
        if (recovered.isEmpty()) {
            return Optional.empty();
        }
        Disbursement adopted = recovered.get().adoptBy(disbursement.request(), disbursement.createdAt());
        Optional<Disbursement> inserted = insert(handle, adopted, TransitionSource.RECOVERY,
                Optional.of(disbursement.createdAt()), Optional.empty()).inserted().map(InsertResult.Inserted::disbursement);
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        handle.createUpdate("UPDATE recovered_transfers SET claimed_at = :at WHERE id = :id")
                .bind("at", Timestamps.argument(disbursement.createdAt()))
                .bind("id", disbursement.id().value())
                .execute();
        log.atWarn().setMessage("recovered transfer claimed by a retry")
                .addKeyValue("disbursement_id", adopted.id())
                .addKeyValue("status", adopted.status())
                .addKeyValue("product", adopted.request().product())
                .log();
        return Optional.of(new InsertResult.AlreadyExists(inserted.get()));
    }

    private static RecoveredTransfer recoveredTransfer(ResultSet row) throws SQLException {
        return new RecoveredTransfer(new DisbursementId(row.getObject("id", UUID.class)),
                new PartnerReference(row.getString("transfer_id")),
                new Money(row.getLong("amount_minor"), row.getString("currency")),
                DisbursementStatus.valueOf(row.getString("status")),
                Optional.ofNullable(row.getString("failure_code")),
                row.getObject("value_date", LocalDate.class),
                Timestamps.read(row, "recovered_at"));
    }

    /**
     * What {@link #insert} did: inserted the row, or found a recovered transfer waiting under its id (and
     * inserted nothing), or neither, when a row with the same id, key or live product reference exists.
     */
    private record Attempt(boolean recoveryPending, Optional<InsertResult.Inserted> inserted) {
    }

    /**
     * Inserts the row and its creation log row; with {@code leaseMicros}, holding its first lease. A row of
     * the API's inserts nothing while a recovered transfer waits under its id; a row of the recovery is that
     * transfer.
     */
    private static Attempt insert(Handle handle, Disbursement disbursement, TransitionSource source,
            Optional<Instant> recoveredAt, Optional<Long> leaseMicros) {
        return handle.createQuery(INSERT)
                .bind("unless_recovered", source != TransitionSource.RECOVERY)
                .bind("id", disbursement.id().value())
                .bind("idempotency_key", disbursement.request().idempotencyKey().value())
                .bind("product", disbursement.request().product().name())
                .bind("product_reference", disbursement.request().productReference())
                .bind("amount_minor", disbursement.request().amount().amountMinor())
                .bind("currency", disbursement.request().amount().currency())
                .bind("account_number", disbursement.request().beneficiary().accountNumber())
                .bind("account_name", disbursement.request().beneficiary().accountName())
                .bind("narrative", disbursement.request().narrative().orElse(null))
                .bind("status", disbursement.status().name())
                .bind("partner_reference", disbursement.partnerReference().map(PartnerReference::value).orElse(null))
                .bind("failure_code", disbursement.failure().map(Failure::code).orElse(null))
                .bind("failure_message", disbursement.failure().map(Failure::message).orElse(null))
                .bind("created_at", Timestamps.argument(disbursement.createdAt()))
                .bind("updated_at", Timestamps.argument(disbursement.updatedAt()))
                .bind("recovered_at", recoveredAt.map(Timestamps::argument).orElse(null))
                .bind("source", source.label())
                .bind("lease_micros", leaseMicros.orElse(null))
                .map((row, context) -> {
                    if (row.getObject("id") == null) {
                        return new Attempt(row.getBoolean("recovery_pending"), Optional.empty());
                    }
                    long token = row.getLong("lease_token");
                    return new Attempt(false, Optional.of(new InsertResult.Inserted(
                            DisbursementRowMapper.INSTANCE.map(row, context),
                            leaseMicros.map(leased -> new Lease(disbursement.id(), token)))));
                })
                .one();
    }

    @Override
    public Optional<Disbursement> findById(DisbursementId id) {
        return calls.repeatable("find disbursement by id", handle -> DisbursementRows.selectById(handle, id));
    }

    @Override
    public Optional<Disbursement> findByIdempotencyKey(IdempotencyKey key) {
        return calls.repeatable("find disbursement by idempotency key", handle -> selectByKey(handle, key));
    }

    @Override
    public TransitionResult transition(DisbursementId id, Decision.Transition transition, TransitionCause cause,
            Instant at) {
        return calls.inTransaction("transition disbursement", handle -> {
            Optional<Disbursement> moved = DisbursementRows.bindTransition(handle.createQuery(DisbursementRows.TRANSITION), id, transition, cause, at)
                    .map(DisbursementRowMapper.INSTANCE)
                    .findOne();
            if (moved.isPresent()) {
                return new TransitionResult.Applied(moved.get());
            }
            // Another writer moved it first (this UPDATE waited for its row lock, then found the status
            // changed); this read, a new statement, sees what that writer committed.
            return new TransitionResult.Lost(DisbursementRows.selectById(handle, id)
                    .orElseThrow(() -> new IllegalArgumentException("no disbursement " + id)));
        });
    }

    @Override
    public TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition, TransitionCause cause,
            Instant at) {
        DisbursementId id = lease.disbursementId();
        return calls.inTransaction("transition disbursement under lease", handle -> {
            Optional<Disbursement> moved = DisbursementRows.bindTransition(handle.createQuery(TRANSITION_UNDER_LEASE), id, transition,
                    cause, at)
                    .bind("token", lease.token())
                    .map(DisbursementRowMapper.INSTANCE)
                    .findOne();
            if (moved.isPresent()) {
                return new TransitionResult.Applied(moved.get());
            }
            // Nothing written: say whether the lease is gone (the fence) or another writer moved the status.
            return handle.createQuery(SELECT_WITH_LEASE_HELD)
                    .bind("id", id.value())
                    .bind("token", lease.token())
                    .map((row, context) -> {
                        Disbursement current = DisbursementRowMapper.INSTANCE.map(row, context);
                        return row.getBoolean("lease_held") ? (TransitionResult) new TransitionResult.Lost(current)
                                : new TransitionResult.LeaseLost(current);
                    })
                    .findOne()
                    .orElseThrow(() -> new IllegalArgumentException("no disbursement " + id));
        });
    }

    @Override
    public List<Leased> leaseStale(DisbursementStatus status, Instant changedBefore, int limit, Duration leaseFor) {
        if (status.isFinal()) {
            throw new IllegalArgumentException("a " + status + " disbursement is final and is never leased");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be at least 1");
        }
        List<Leased> leased = calls.inTransaction("lease stale disbursements", handle ->
                handle.createQuery(LEASE_STALE)
                        .bind("status", status.name())
                        .bind("changed_before", Timestamps.argument(changedBefore))
                        .bind("limit", limit)
                        .bind("lease_micros", micros(leaseFor))
                        .map((row, context) -> {
                            Disbursement disbursement = DisbursementRowMapper.INSTANCE.map(row, context);
                            return new Leased(disbursement, new Lease(disbursement.id(), row.getLong("lease_token")));
                        })
                        .list());
        // RETURNING has no order of its own.
        return leased.stream()
                .sorted(Comparator.comparing((Leased l) -> l.disbursement().updatedAt())
                        .thenComparing(l -> l.disbursement().id().value()))
                .collect(Collectors.toList());
    }

    @Override
    public Optional<Lease> lease(DisbursementId id, DisbursementStatus status, Duration leaseFor) {
        // One statement: the row lock makes a concurrent leaseholder wait and then re-check the condition.
        return calls.inTransaction("lease disbursement", handle -> handle.createQuery(LEASE_ONE)
                .bind("id", id.value())
                .bind("status", status.name())
                .bind("lease_micros", micros(leaseFor))
                .mapTo(Long.class)
                .findOne()
                .map(token -> new Lease(id, token)));
    }

    @Override
    public void release(Lease lease) {
        calls.repeatable("release disbursement lease", handle -> handle.createUpdate(
                        "UPDATE disbursements SET claimed_until = NULL WHERE id = :id AND lease_token = :token")
                .bind("id", lease.disbursementId().value())
                .bind("token", lease.token())
                .execute());
    }

    @Override
    public int countResubmit(DisbursementId id) {
        // In a transaction, never repeated: a lost COMMIT is reported rather than possibly counted twice.
        return calls.inTransaction("count disbursement resubmit", handle -> handle.createQuery(
                        "UPDATE disbursements SET resubmits = resubmits + 1 WHERE id = :id RETURNING resubmits")
                .bind("id", id.value())
                .mapTo(Integer.class)
                .findOne()
                .orElseThrow(() -> new IllegalArgumentException("no disbursement " + id)));
    }

    @Override
    public List<OpenStatusSummary> summarizeOpen() {
        return calls.repeatable("summarize open disbursements", handle -> handle.createQuery(SUMMARIZE_OPEN)
                        .map((row, context) -> new OpenStatusSummary(
                                DisbursementStatus.valueOf(row.getString("status")),
                                row.getLong("count"),
                                Timestamps.read(row, "oldest_created_at")))
                        .list())
                .stream()
                .sorted(Comparator.comparing(OpenStatusSummary::status))
                .collect(Collectors.toList());
    }

    private static long micros(Duration leaseFor) {
        if (leaseFor.isNegative()) {
            throw new IllegalArgumentException("a lease cannot last " + leaseFor);
        }
        return leaseFor.toNanos() / 1_000;
    }

    private static Optional<Disbursement> selectByKey(Handle handle, IdempotencyKey key) {
        return handle.createQuery("SELECT * FROM disbursements WHERE idempotency_key = :key")
                .bind("key", key.value())
                .map(DisbursementRowMapper.INSTANCE)
                .findOne();
    }
}
