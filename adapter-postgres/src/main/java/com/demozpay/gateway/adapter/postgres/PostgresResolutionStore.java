package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.ResolutionStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;

/**
 * {@link ResolutionStore} on PostgreSQL: one statement moves the disbursement if it is still where the
 * operator saw it (compare-and-set on its status), writes the audited row of the transition log and
 * closes the disbursement's open anomalies, naming that row.
 */
public final class PostgresResolutionStore implements ResolutionStore {

    private static final String RESOLVE = """
            WITH moved AS (
                UPDATE disbursements
                   SET status = :to, partner_reference = :partner_reference, failure_code = :failure_code,
                       failure_message = :failure_message, updated_at = :at
                 WHERE id = :id AND status = :from
                RETURNING *
            ), logged AS (
                INSERT INTO disbursement_transitions (disbursement_id, from_status, to_status, source, at,
                        operator, reason, override_reason, bank_answer)
                SELECT id, :from, status, 'operator', updated_at, :operator, :reason, :override_reason, :bank_answer
                  FROM moved
                RETURNING id
            ), closed AS (
                UPDATE disbursement_anomalies
                   SET resolved_at = :at, resolved_by_transition = (SELECT id FROM logged)
                 WHERE disbursement_id = :id AND resolved_at IS NULL AND EXISTS (SELECT 1 FROM logged)
            )
            SELECT * FROM moved
            """;

    // The disbursement itself is FAILED, so it is never the live one found here.
    private static final String LIVE_WITH_SAME_PRODUCT_REFERENCE = """
            SELECT live.id FROM disbursements live
              JOIN disbursements resolved ON resolved.product = live.product
                                         AND resolved.product_reference = live.product_reference
             WHERE resolved.id = :id AND live.id <> :id AND live.status <> 'FAILED'
            """;

    private final JdbiCalls calls;

    /** Over a data source the host owns and closes, whose database holds the gateway's schema. */
    public PostgresResolutionStore(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public TransitionResult resolve(DisbursementId id, OperatorResolution.Outcome.Move move, Audit audit, Instant at) {
        return calls.inTransaction("resolve disbursement", handle -> {
            if (move.from() == DisbursementStatus.FAILED) {
                requireNoOtherLive(handle, id);
            }
            Optional<Disbursement> moved = handle.createQuery(RESOLVE)
                    .bind("id", id.value())
                    .bind("from", move.from().name())
                    .bind("to", move.to().name())
                    .bind("partner_reference", move.partnerReference().map(PartnerReference::value).orElse(null))
                    .bind("failure_code", move.failure().map(Failure::code).orElse(null))
                    .bind("failure_message", move.failure().map(Failure::message).orElse(null))
                    .bind("at", Timestamps.argument(at))
                    .bind("operator", audit.operator())
                    .bind("reason", audit.reason())
                    .bind("override_reason", audit.override().orElse(null))
                    .bind("bank_answer", audit.bankAnswer())
                    .map(DisbursementRowMapper.INSTANCE)
                    .findOne();
            if (moved.isPresent()) {
                return new TransitionResult.Applied(moved.get());
            }
            return new TransitionResult.Lost(DisbursementRows.selectById(handle, id)
                    .orElseThrow(() -> new IllegalArgumentException("no disbursement " + id)));
        });
    }

    /**
     * A FAILED disbursement leaves its product reference free for a new one (V7); moving it back out of
     * FAILED while such a new one lives would make two live disbursements for one request.
     */
    private static void requireNoOtherLive(Handle handle, DisbursementId id) {
        Optional<UUID> live = handle.createQuery(LIVE_WITH_SAME_PRODUCT_REFERENCE)
                .bind("id", id.value())
                .mapTo(UUID.class)
                .findFirst();
        if (live.isPresent()) {
            Disbursement resolved = DisbursementRows.selectById(handle, id).orElseThrow();
            throw new ProductReferenceInUseException(resolved.request().product(),
                    resolved.request().productReference(), new DisbursementId(live.get()));
        }
    }
}
