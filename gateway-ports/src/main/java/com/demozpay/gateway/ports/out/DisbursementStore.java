package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable disbursement state, shared by every replica. Each method is atomic; every change of state is
 * compare-and-set and is written together with its row in the append-only transition log. Every
 * method may throw {@link StoreUnavailableException}.
 */
public interface DisbursementStore {

    /**
     * Stores a new INITIATED disbursement, with its creation row in the log, unless one with the same
     * idempotency key exists ({@link InsertResult.AlreadyExists}), or one that
     * {@link Disbursement#holdsProductReference holds} the same product and product reference
     * ({@link InsertResult.ProductReferenceTaken}); then returns that one. Concurrent calls with one key,
     * or one product reference, store one row.
     */
    InsertResult insertIfAbsent(Disbursement disbursement);

    Optional<Disbursement> findById(DisbursementId id);

    Optional<Disbursement> findByIdempotencyKey(IdempotencyKey key);

    /**
     * Moves the disbursement from {@code transition.from()} to {@code transition.to()} only if it is
     * still in {@code transition.from()}; otherwise changes nothing and returns the current state.
     */
    TransitionResult transition(DisbursementId id, Decision.Transition transition, TransitionCause cause, Instant at);

    /**
     * Claims up to {@code limit} disbursements in {@code status}, last changed before {@code changedBefore},
     * that no replica holds a claim on at {@code now}, and holds them until {@code claimUntil}: two
     * replicas never claim the same disbursement at once. Oldest first.
     */
    List<Disbursement> claimStale(DisbursementStatus status, Instant changedBefore, int limit, Instant now,
            Instant claimUntil);

    /**
     * Claims this one disbursement if it is still in {@code status} and no replica holds an unexpired
     * claim on it ({@code claimUntil} of the last claim at or before {@code now}), and holds it until
     * {@code claimUntil}; true when claimed. The same lease as {@link #claimStale}: whoever holds it is
     * the only one to call the bank about this disbursement.
     */
    boolean claim(DisbursementId id, DisbursementStatus status, Instant now, Instant claimUntil);

    /** Gives up the claim on this disbursement taken until {@code claimUntil}, if it is still that claim. */
    void release(DisbursementId id, Instant claimUntil);

    /**
     * Counts one more resend of this disbursement and returns how many have been counted, this one
     * included: the count survives restarts and is shared by every replica, so the limit holds.
     */
    int countResubmit(DisbursementId id);

    /** For each non-final state that has any: how many disbursements, and when the oldest was created. */
    List<OpenStatusSummary> summarizeOpen();

    /** The result of {@link #insertIfAbsent}. */
    sealed interface InsertResult {
        Disbursement disbursement();

        record Inserted(Disbursement disbursement) implements InsertResult {
        }

        record AlreadyExists(Disbursement disbursement) implements InsertResult {
        }

        /** Another key's disbursement, not FAILED, holds the product reference; nothing was stored. */
        record ProductReferenceTaken(Disbursement disbursement) implements InsertResult {
        }
    }

    /** The result of {@link #transition}. */
    sealed interface TransitionResult {
        record Applied(Disbursement after) implements TransitionResult {
        }

        /** Another writer moved it first; {@code current} is what it did. */
        record Lost(Disbursement current) implements TransitionResult {
        }
    }

    record OpenStatusSummary(DisbursementStatus status, long count, Instant oldestCreatedAt) {
    }
}
