package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The {@code disbursements} statements that more than one adapter runs inside its own transactions: the
 * store's, the callback inbox's, which moves a disbursement in the same transaction as it records the
 * callback, and the resolution store's reads. One copy of the compare-and-set, so the store and the inbox
 * write a transition and its log row the same way.
 */
final class DisbursementRows {

    /** The plain compare-and-set: {@code from → to} only while the row is in {@code from}. */
    static final String TRANSITION = transition("", "", "");

    private DisbursementRows() {
    }

    /**
     * The compare-and-set and its log row, with {@code alsoSet} set, {@code alsoWhere} required too, and
     * {@code alsoWith} (more {@code , name AS (…)} clauses, or nothing) run in the same statement.
     */
    static String transition(String alsoSet, String alsoWhere, String alsoWith) {
        return """
                WITH moved AS (
                    UPDATE disbursements
                       SET status = :to, partner_reference = :partner_reference, failure_code = :failure_code,
                           failure_message = :failure_message, updated_at = :at%s
                     WHERE id = :id AND status = :from%s
                    RETURNING *
                ), logged AS (
                    INSERT INTO disbursement_transitions (disbursement_id, from_status, to_status, source,
                            partner_event_id, at)
                    SELECT id, :from, status, :source, :partner_event_id, updated_at FROM moved
                )%s
                SELECT * FROM moved
                """.formatted(alsoSet, alsoWhere, alsoWith);
    }

    static Query bindTransition(Query query, DisbursementId id, Decision.Transition transition, TransitionCause cause,
            Instant at) {
        return query
                .bind("id", id.value())
                .bind("from", transition.from().name())
                .bind("to", transition.to().name())
                .bind("partner_reference", transition.partnerReference().map(PartnerReference::value).orElse(null))
                .bind("failure_code", transition.failure().map(Failure::code).orElse(null))
                .bind("failure_message", transition.failure().map(Failure::message).orElse(null))
                .bind("at", Timestamps.argument(at))
                .bind("source", cause.source().label())
                .bind("partner_event_id", cause.partnerEventId().orElse(null));
    }

    static Optional<Disbursement> selectById(Handle handle, DisbursementId id) {
        return handle.createQuery("SELECT * FROM disbursements WHERE id = :id")
                .bind("id", id.value())
                .map(DisbursementRowMapper.INSTANCE)
                .findOne();
    }
}
