package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every verified callback, kept by the bank's event id, and applied to the disbursement it names in the
 * same atomic step as it is kept. The inbox shares its storage with the {@link DisbursementStore} (one
 * database), so that recording the callback, the transition it causes with its log row, and the mark that
 * it was processed commit together or not at all: a crash at any point leaves no trace of the callback, and
 * the bank's retry (same event id) is processed whole, so a settlement is never lost and never applied twice.
 */
public interface CallbackInbox {

    /**
     * Records the callback and, unless a delivery of the same event id was processed before, processes it:
     * finds the disbursement {@code target} names, asks {@code decide} what the callback means for it as it
     * stands, stores that decision's transition (compare-and-set, with its log row, caused by the callback's
     * event), and marks the callback processed with its outcome ({@link CallbackOutcome#of}; {@code UNMATCHED}
     * when there is no such disbursement) and the disbursement it matched. One atomic step; while it runs no
     * other writer changes that disbursement, so the decision is never taken on a stale state. {@code decide}
     * must be a pure function: it may be called again when the step is retried after a lost connection.
     * Concurrent deliveries of one event: one processes it, the others find it {@link Receipt.AlreadyProcessed}.
     * May throw {@link StoreUnavailableException}; then nothing was recorded, unless the message says the
     * commit's fate is unknown.
     */
    Receipt process(VerifiedCallback callback, byte[] rawBody, Instant receivedAt, Optional<DisbursementId> target,
            Function<Disbursement, Decision> decide);

    /** What {@link #process} did. */
    sealed interface Receipt {

        /** Processed by an earlier delivery, with this outcome: nothing was done again. */
        record AlreadyProcessed(CallbackOutcome outcome) implements Receipt {
        }

        /**
         * Processed now. {@code applied}: when it matched a disbursement, what was decided on it and how it
         * stands now.
         */
        record Processed(Optional<Applied> applied) implements Receipt {

            /** What the decision came to ({@link CallbackOutcome#of}), or {@code UNMATCHED} without a disbursement. */
            public CallbackOutcome outcome() {
                return applied.map(a -> CallbackOutcome.of(a.decision())).orElse(CallbackOutcome.UNMATCHED);
            }
        }
    }

    /**
     * A callback's decision on the disbursement it matched: {@code before} as it stood, {@code after} as it
     * stands now (the transition's result, or {@code before} when the decision moved nothing).
     */
    record Applied(Disbursement before, Decision decision, Disbursement after) {
    }
}
