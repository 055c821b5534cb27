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

/**
 * {@link CallbackInbox} on PostgreSQL, in the database of {@link PostgresDisbursementStore}: one
 * {@code callback_inbox} row per bank event id, with the raw body as received, what it reported, when it
 * was received and processed, its outcome and the disbursement it matched. Unmatched callbacks stay for
 * reconciliation. One transaction per callback: the row is inserted ({@code ON CONFLICT DO NOTHING}, so a
 * concurrent delivery of the same event waits for this one and then finds it processed), the disbursement is
 * locked ({@code FOR UPDATE}), the decision's transition written with its log row, and the row marked
 * processed. Times are truncated to microseconds, as in {@link PostgresDisbursementStore}.
 */
public final class PostgresCallbackInbox implements CallbackInbox {

    private static final String INSERT = """
            INSERT INTO callback_inbox (event_id, reference, reported_status, partner_reference, occurred_at,
                    raw_payload, received_at)
            VALUES (:event_id, :reference, :reported_status, :partner_reference, :occurred_at, :raw_payload,
                    :received_at)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String MARK_PROCESSED = """
            UPDATE callback_inbox
               SET processed_at = :at, outcome = :outcome,
                   matched_disbursement_id = CAST(:matched AS uuid) -- Jdbi binds a null UUID as varchar
             WHERE event_id = :event_id AND processed_at IS NULL
            """;

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
            if (!insert(handle, callback, rawBody, receivedAt)) {
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
            Optional<Applied> applied = target.flatMap(id -> DisbursementRows.selectForUpdate(handle, id))
                    .map(before -> apply(handle, before, decide.apply(before), callback, receivedAt));
            CallbackOutcome outcome = applied.map(a -> CallbackOutcome.of(a.decision())).orElse(CallbackOutcome.UNMATCHED);
            handle.createUpdate(MARK_PROCESSED)
                    .bind("event_id", callback.eventId())
                    .bind("outcome", outcome.name())
                    .bind("matched", applied.map(a -> a.before().id().value()).orElse(null))
                    .bind("at", Timestamps.argument(receivedAt))
                    .execute();
            return new Receipt.Processed(outcome, applied);
        });
    }

    private static boolean insert(Handle handle, VerifiedCallback callback, byte[] rawBody, Instant receivedAt) {
        return handle.createUpdate(INSERT)
                .bind("event_id", callback.eventId())
                .bind("reference", callback.reference())
                .bind("reported_status", callback.event().status().name())
                .bind("partner_reference", callback.event().partnerReference().map(PartnerReference::value).orElse(null))
                .bind("occurred_at", Timestamps.argument(callback.occurredAt()))
                .bind("raw_payload", rawBody)
                .bind("received_at", Timestamps.argument(receivedAt))
                .execute() == 1;
    }

    /** Stores the decision's transition; the row is locked by this transaction, so the compare-and-set holds. */
    private static Applied apply(Handle handle, Disbursement before, Decision decision, VerifiedCallback callback,
            Instant at) {
        if (!(decision instanceof Decision.Transition transition)) {
            return new Applied(before, decision, before);
        }
        Disbursement after = DisbursementRows.bindTransition(handle.createQuery(DisbursementRows.TRANSITION),
                        before.id(), transition, TransitionCause.callback(callback.eventId()), at)
                .map(DisbursementRowMapper.INSTANCE)
                .findOne()
                .orElseThrow(() -> new IllegalStateException("disbursement " + before.id() + " left "
                        + transition.from() + " while locked by this transaction"));
        return new Applied(before, decision, after);
    }
}
