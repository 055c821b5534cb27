package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * {@link CallbackInbox} on PostgreSQL, in the database of {@link PostgresDisbursementStore}: one
 * {@code callback_inbox} row per bank event id, with the raw body as received, what it reported, when it
 * was received and processed, its outcome and the disbursement it matched. Unmatched callbacks stay for
 * reconciliation. One transaction per callback, of two statements: the first inserts the row
 * ({@code ON CONFLICT DO NOTHING}, so a concurrent delivery of the same event waits for this one and then
 * finds it processed) and then locks the disbursement ({@code FOR UPDATE}); the second writes the
 * decision's transition with its log row and marks the row processed. Times are truncated to
 * microseconds, as in {@link PostgresDisbursementStore}.
 */
public final class PostgresCallbackInbox implements CallbackInbox {

    // The lock waits on the insert's result (its condition on received.first_delivery is evaluated once, before
    // the scan), so every delivery takes the inbox row before the disbursement's lock: no two deadlock.
    private static final String RECEIVE_AND_LOCK = """
            WITH inserted AS (
                INSERT INTO callback_inbox (event_id, reference, reported_status, partner_reference, occurred_at,
                        raw_payload, received_at)
                VALUES (:event_id, :reference, :reported_status, :partner_reference, :occurred_at, :raw_payload,
                        :received_at)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
            )
            SELECT received.first_delivery, target.*
              FROM (SELECT EXISTS (SELECT 1 FROM inserted) AS first_delivery) received
              LEFT JOIN LATERAL (
                  SELECT * FROM disbursements
                   WHERE id = CAST(:target AS uuid) AND received.first_delivery IS NOT NULL
                     FOR UPDATE
              ) target ON true
            """;

    private static final String MARK_PROCESSED = """
            UPDATE callback_inbox
               SET processed_at = :at, outcome = :outcome,
                   matched_disbursement_id = CAST(:matched AS uuid) -- Jdbi binds a null UUID as varchar
             WHERE event_id = :event_id AND processed_at IS NULL
            """;

    /** The compare-and-set with its log row, and the processed mark, in one statement. */
    private static final String TRANSITION_AND_MARK_PROCESSED = DisbursementRows.transition("", "",
            ", marked AS (" + MARK_PROCESSED + ")");

    private static final String LOCK_RECEIVED = "SELECT outcome FROM callback_inbox WHERE event_id = :event_id FOR UPDATE";

    private final JdbiCalls calls;

    /**
     * Over a data source the host owns and closes (the app's is {@link PostgresPool#dataSource()}), whose
     * database holds the gateway's schema: apply it first with {@link Migrations#apply()}.
     */
    public PostgresCallbackInbox(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public Receipt process(VerifiedCallback callback, byte[] rawBody, Instant receivedAt,
            Optional<DisbursementId> target, Function<Disbursement, Decision> decide) {
        // One transaction: a failure before COMMIT leaves no row at all, and JdbiCalls runs it again whole.
        return calls.inTransaction("process callback", handle -> {
            Received received = receiveAndLock(handle, callback, rawBody, receivedAt, target);
            if (!received.firstDelivery()) {
                // Received before: ON CONFLICT waited for that delivery's transaction to end. The row is
                // unprocessed only if a version that recorded and processed in two steps died in between.
                Optional<String> outcome = handle.createQuery(LOCK_RECEIVED)
                        .bind("event_id", callback.eventId())
                        .map((row, context) -> Optional.ofNullable(row.getString("outcome")))
                        .one();
                if (outcome.isPresent()) {
                    return new Receipt.AlreadyProcessed(CallbackOutcome.valueOf(outcome.get()));
                }
            }
            Optional<Applied> applied = received.locked()
                    .map(before -> applyAndMark(handle, before, decide.apply(before), callback, receivedAt));
            if (applied.isEmpty()) {
                mark(handle.createUpdate(MARK_PROCESSED), callback, CallbackOutcome.UNMATCHED, Optional.empty(), receivedAt)
                        .execute();
            }
            return new Receipt.Processed(applied);
        });
    }

    /** Whether this is the event's first delivery, and the target disbursement, locked, if there is one. */
    private record Received(boolean firstDelivery, Optional<Disbursement> locked) {
    }

    private static Received receiveAndLock(Handle handle, VerifiedCallback callback, byte[] rawBody,
            Instant receivedAt, Optional<DisbursementId> target) {
        return handle.createQuery(RECEIVE_AND_LOCK)
                .bind("event_id", callback.eventId())
                .bind("reference", callback.reference())
                .bind("reported_status", callback.event().status().name())
                .bind("partner_reference", callback.event().partnerReference().map(PartnerReference::value).orElse(null))
                .bind("occurred_at", Timestamps.argument(callback.occurredAt()))
                .bind("raw_payload", rawBody)
                .bind("received_at", Timestamps.argument(receivedAt))
                .bind("target", target.map(DisbursementId::value).orElse(null))
                .map((row, context) -> new Received(row.getBoolean("first_delivery"),
                        row.getObject("id") == null ? Optional.empty()
                                : Optional.of(DisbursementRowMapper.INSTANCE.map(row, context))))
                .one();
    }

    /**
     * Stores the decision's transition, if it is one, and marks the callback processed, in one statement; the
     * row is locked by this transaction, so the compare-and-set holds.
     */
    private static Applied applyAndMark(Handle handle, Disbursement before, Decision decision,
            VerifiedCallback callback, Instant at) {
        Optional<Disbursement> matched = Optional.of(before);
        CallbackOutcome outcome = CallbackOutcome.of(decision);
        if (!(decision instanceof Decision.Transition transition)) {
            mark(handle.createUpdate(MARK_PROCESSED), callback, outcome, matched, at).execute();
            return new Applied(before, decision, before);
        }
        Query query = DisbursementRows.bindTransition(handle.createQuery(TRANSITION_AND_MARK_PROCESSED), before.id(),
                transition, TransitionCause.callback(callback.eventId()), at);
        Disbursement after = mark(query, callback, outcome, matched, at)
                .map(DisbursementRowMapper.INSTANCE)
                .findOne()
                .orElseThrow(() -> new IllegalStateException("disbursement " + before.id() + " left "
                        + transition.from() + " while locked by this transaction"));
        return new Applied(before, decision, after);
    }

    private static <S extends SqlStatement<S>> S mark(S statement, VerifiedCallback callback, CallbackOutcome outcome,
            Optional<Disbursement> matched, Instant at) {
        return statement
                .bind("event_id", callback.eventId())
                .bind("outcome", outcome.name())
                .bind("matched", matched.map(d -> d.id().value()).orElse(null))
                .bind("at", Timestamps.argument(at));
    }
}
