package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import java.time.Duration;
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
     * or one product reference, store one row. A store that keeps transfers recovered from the bank's
     * statement ({@link RecoveryStore}) claims the one with this disbursement's id instead: it stores it
     * in the bank's state with the request's fields and returns it as {@link InsertResult.AlreadyExists},
     * or throws {@link com.demozpay.gateway.domain.IdempotencyConflictException} when the amounts differ.
     */
    InsertResult insertIfAbsent(Disbursement disbursement);

    /**
     * {@link #insertIfAbsent}, and a disbursement it stores is leased in the same write, for {@code leaseFor}
     * from now on the store's clock ({@link InsertResult.Inserted#lease()}), as {@link #lease} would: the
     * submit that follows needs no write of its own to take it. One that existed already is not leased.
     */
    InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor);

    Optional<Disbursement> findById(DisbursementId id);

    Optional<Disbursement> findByIdempotencyKey(IdempotencyKey key);

    /**
     * Moves the disbursement from {@code transition.from()} to {@code transition.to()} only if it is
     * still in {@code transition.from()}; otherwise changes nothing and returns the current state.
     */
    TransitionResult transition(DisbursementId id, Decision.Transition transition, TransitionCause cause, Instant at);

    /**
     * {@link #transition} for a holder of a lease, fenced by it: applied only while {@code lease} is still the
     * lease held on the disbursement and has not expired on the store's clock, and then the lease is released
     * in the same atomic step (recording the bank's answer frees the disbursement at once). A lease that
     * expired, was released or was superseded by another holder's changes nothing and returns
     * {@link TransitionResult.LeaseLost}: a stalled holder can never overwrite what the next holder did. Under
     * a held lease, a disbursement no longer in {@code transition.from()} is {@link TransitionResult.Lost}
     * and the lease stays held.
     */
    TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition, TransitionCause cause,
            Instant at);

    /**
     * Leases up to {@code limit} disbursements in {@code status}, last changed before {@code changedBefore},
     * that nobody holds an unexpired lease on, each for {@code leaseFor} from now on the store's own clock
     * (the database's, not the caller's): two replicas never hold a lease on one disbursement at once.
     * Oldest first.
     */
    List<Leased> leaseStale(DisbursementStatus status, Instant changedBefore, int limit, Duration leaseFor);

    /**
     * Leases this one disbursement for {@code leaseFor} from now on the store's clock, if it is still in
     * {@code status} and nobody holds an unexpired lease on it. The same lease as {@link #leaseStale}.
     */
    Optional<Lease> lease(DisbursementId id, DisbursementStatus status, Duration leaseFor);

    /**
     * Gives up this lease, if it is still the one held on the disbursement; otherwise changes nothing. A
     * holder that wrote nothing under its lease releases it at once, so nobody waits for it to expire.
     */
    void release(Lease lease);

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

        /** Stored now; {@code lease} is its first lease when it was inserted leased. */
        record Inserted(Disbursement disbursement, Optional<Lease> lease) implements InsertResult {
            public Inserted(Disbursement disbursement) {
                this(disbursement, Optional.empty());
            }
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

        /**
         * Only from {@link #transitionUnderLease}: the lease presented is no longer held (it expired, was
         * released, or another holder took the disbursement after it), so nothing was written; {@code current}
         * is the disbursement as it stands.
         */
        record LeaseLost(Disbursement current) implements TransitionResult {
        }
    }

    /** A disbursement as it stood when leased, and the lease. */
    record Leased(Disbursement disbursement, Lease lease) {
    }

    record OpenStatusSummary(DisbursementStatus status, long count, Instant oldestCreatedAt) {
    }
}
