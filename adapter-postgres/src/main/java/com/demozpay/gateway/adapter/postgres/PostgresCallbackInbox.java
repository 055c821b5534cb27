package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link CallbackInbox} on PostgreSQL: one {@code callback_inbox} row per bank event id, with the raw
 * body as received, what it reported, when it was received and processed, its outcome and the
 * disbursement it matched. Unmatched callbacks stay for reconciliation. When two deliveries of one
 * event are processed at once, the first outcome recorded is kept. Times are truncated to
 * microseconds, as in {@link PostgresDisbursementStore}.
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

    private final JdbiCalls calls;

    /**
     * Over a data source the host owns and closes (the app's is {@link PostgresPool#dataSource()}), whose
     * database holds the gateway's schema: apply it first with {@link Migrations#apply()}.
     */
    public PostgresCallbackInbox(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public Receipt receive(VerifiedCallback callback, byte[] rawBody, Instant receivedAt) {
        // Safe to repeat: a second run finds the row the first one inserted, still unprocessed.
        return calls.repeatable("receive callback", handle -> {
            int inserted = handle.createUpdate(INSERT)
                    .bind("event_id", callback.eventId())
                    .bind("reference", callback.reference())
                    .bind("reported_status", callback.event().status().name())
                    .bind("partner_reference",
                            callback.event().partnerReference().map(PartnerReference::value).orElse(null))
                    .bind("occurred_at", Timestamps.argument(callback.occurredAt()))
                    .bind("raw_payload", rawBody)
                    .bind("received_at", Timestamps.argument(receivedAt))
                    .execute();
            if (inserted == 1) {
                return new Receipt.ToProcess();
            }
            // Received before (ON CONFLICT waited for that insert to commit): processed yet?
            Optional<String> outcome = Optional.ofNullable(
                    handle.createQuery("SELECT outcome FROM callback_inbox WHERE event_id = :event_id")
                            .bind("event_id", callback.eventId())
                            .mapTo(String.class)
                            .one());
            return outcome.<Receipt>map(o -> new Receipt.AlreadyProcessed(CallbackOutcome.valueOf(o)))
                    .orElseGet(Receipt.ToProcess::new);
        });
    }

    @Override
    public void markProcessed(String eventId, CallbackOutcome outcome, Optional<DisbursementId> matched, Instant at) {
        // Safe to repeat: the first outcome recorded is kept.
        calls.repeatable("mark callback processed", handle -> {
            int updated = handle.createUpdate(MARK_PROCESSED)
                    .bind("event_id", eventId)
                    .bind("outcome", outcome.name())
                    .bind("matched", matched.map(DisbursementId::value).orElse(null))
                    .bind("at", Timestamps.argument(at))
                    .execute();
            boolean known = updated == 1 || handle.createQuery("SELECT 1 FROM callback_inbox WHERE event_id = :event_id")
                    .bind("event_id", eventId)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
            if (!known) {
                throw new IllegalArgumentException("no callback received with event id " + eventId);
            }
            return null;
        });
    }
}
