package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.OperatorResolution;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes an operator's resolution: one atomic compare-and-set on the disbursement's state, its row in the
 * transition log (source {@link TransitionSource#OPERATOR}, with the {@link Audit}), and every unresolved
 * anomaly of the disbursement marked resolved by it. May throw {@link StoreUnavailableException}.
 */
public interface ResolutionStore {

    /**
     * Applies {@code move} only if the disbursement is still in {@code move.from()}; otherwise changes
     * nothing and returns the current state ({@link DisbursementStore.TransitionResult.Lost}).
     *
     * @throws com.demozpay.gateway.domain.ProductReferenceInUseException when the move would make the
     *     disbursement live while another live one holds its product reference (one was paid again); nothing
     *     changes
     */
    DisbursementStore.TransitionResult resolve(DisbursementId id, OperatorResolution.Outcome.Move move, Audit audit,
            Instant at);

    /** Who resolved, why, the override's reason when the bank did not confirm it, and what the bank said. */
    record Audit(String operator, String reason, Optional<String> override, String bankAnswer) {
        public Audit {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(override, "override");
            Objects.requireNonNull(bankAnswer, "bankAnswer");
        }
    }
}
