package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.in.InitiateDisbursementUseCase;
import com.demozpay.gateway.ports.in.OutcomeUnknownException;
import com.demozpay.gateway.ports.in.PartnerUnavailableException;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Validate, look up the key, store INITIATED, then call the bank. The order is the whole point: the
 * row exists before any money can move, its id (derived from the product and the key) is the only
 * reference the bank ever sees, and a retry of a still-INITIATED disbursement sends that same reference
 * again (the bank de-duplicates it).
 *
 * <p>Every submit happens under a lease on the row ({@link DisbursementStore#lease}, for as long as the
 * {@link LeasePolicy} says, which outlasts a call to the bank): the reconciler holds the same lease
 * while it asks the bank about an INITIATED disbursement and may fail it as never received, so a retry
 * can never be accepted by the bank while the reconciler decides the bank does not have it. The lease is
 * re-checked before sending, and the bank's answer is recorded under it (fenced: a lease that passed on
 * writes nothing), releasing it in the same write.
 */
public final class InitiateDisbursementService implements InitiateDisbursementUseCase {

    private static final TransitionCause CAUSE = TransitionCause.of(TransitionSource.API);

    private final DisbursementLimits limits;
    private final DisbursementStore store;
    private final PartnerClient partner;
    private final Clock clock;
    private final DisbursementObserver observer;
    private final TransitionRecorder recorder;
    private final LeasePolicy leasePolicy;

    public InitiateDisbursementService(DisbursementLimits limits, DisbursementStore store, PartnerClient partner,
            Clock clock, DisbursementObserver observer, LeasePolicy leasePolicy) {
        this.limits = limits;
        this.store = store;
        this.partner = partner;
        this.clock = clock;
        this.observer = observer;
        this.recorder = new TransitionRecorder(store, observer, clock);
        this.leasePolicy = leasePolicy;
    }

    @Override
    public Disbursement initiate(DisbursementDraft draft) {
        DisbursementRequest request = draft.validate(limits);
        // Read before the store times the lease, so the lease lasts at least from here (LeasePolicy#lastsACall).
        Instant takenAt = clock.instant();
        // A new disbursement is stored leased: its first submit needs no write of its own to take the lease.
        DisbursementStore.InsertResult inserted = store.insertLeasedIfAbsent(Disbursement.initiate(
                DisbursementId.derive(request.product(), request.idempotencyKey()), request, takenAt),
                leasePolicy.duration());
        Disbursement stored = inserted.disbursement();
        if (inserted instanceof DisbursementStore.InsertResult.Inserted fresh) {
            observer.initiated(stored);
            return submit(stored, fresh.lease().orElseThrow(), takenAt);
        } else if (inserted instanceof DisbursementStore.InsertResult.AlreadyExists) {
            stored.requireSameRequest(request);
        } else {
            stored.refuseSecondFor(request);
            throw new IllegalStateException("the store refused " + request.productReference()
                    + " for disbursement " + stored.id() + ", which does not hold it");
        }
        return stored.status() == DisbursementStatus.INITIATED ? retry(stored) : stored;
    }

    /** A retry of a disbursement still INITIATED sends it again, under a lease of its own. */
    private Disbursement retry(Disbursement initiated) {
        Instant takenAt = clock.instant();
        Optional<Lease> lease = store.lease(initiated.id(), DisbursementStatus.INITIATED, leasePolicy.duration());
        return lease.isPresent() ? submit(initiated, lease.get(), takenAt) : whenLeasedElsewhere(initiated);
    }

    private Disbursement submit(Disbursement initiated, Lease lease, Instant takenAt) {
        // Re-checked right before sending: a lease that came back after a stall may already have passed to
        // the reconciler, which could be deciding that the bank has no record of this disbursement.
        if (!leasePolicy.lastsACall(takenAt, clock.instant())) {
            store.release(lease);
            throw PartnerUnavailableException.notReceived(initiated.id());
        }
        PartnerOutcome outcome = partner.submit(initiated);
        TransitionRecorder.Recorded recorded = recordAnswer(lease, initiated, outcome);
        if (recorded.leaseLost()) {
            return whenLeaseLost(recorded.latest(), outcome);
        }
        if (!recorded.transitioned()) {
            // Nothing recorded, so nothing released it: a retry may go now. A submit that threw keeps the
            // lease until it expires.
            store.release(lease);
        }
        if (outcome instanceof PartnerOutcome.NotReceived
                && recorded.latest().status() == DisbursementStatus.INITIATED) {
            throw PartnerUnavailableException.notReceived(initiated.id());
        }
        return recorded.latest();
    }

    /**
     * Once the request may have reached the bank, a database failure must not read as "not received"
     * (UNAVAILABLE), or the platform might pay again under a new key: the outcome is unknown.
     */
    private TransitionRecorder.Recorded recordAnswer(Lease lease, Disbursement initiated, PartnerOutcome outcome) {
        try {
            return recorder.recordUnderLease(lease, initiated, d -> d.decideAfterSubmit(outcome), CAUSE);
        } catch (StoreUnavailableException e) {
            if (outcome instanceof PartnerOutcome.NotReceived) {
                throw e;
            }
            throw new OutcomeUnknownException(initiated.id(), e);
        }
    }

    /**
     * The bank's answer came back after the lease had passed on, so it was not recorded: the caller gets
     * what is true. Never a FAILED that a concurrent "no record" decision wrote while this request may
     * have reached the bank: that is an anomaly, and the outcome is unknown until a human settles it.
     */
    private Disbursement whenLeaseLost(Disbursement current, PartnerOutcome outcome) {
        Optional<Decision.Anomaly> race = current.whenSubmitLostItsLease(outcome);
        race.ifPresent(anomaly -> observer.anomaly(current, anomaly, CAUSE));
        if (current.status() == DisbursementStatus.INITIATED && outcome instanceof PartnerOutcome.NotReceived) {
            throw PartnerUnavailableException.notReceived(current.id());
        }
        if (race.isPresent() || current.status() == DisbursementStatus.INITIATED) {
            throw new OutcomeUnknownException(current.id(), null);
        }
        return current;
    }

    /** The reconciler or a concurrent retry holds the lease, or has just moved the disbursement on. */
    private Disbursement whenLeasedElsewhere(Disbursement stored) {
        Disbursement current = store.findById(stored.id()).orElseThrow();
        if (current.status() != DisbursementStatus.INITIATED) {
            return current;
        }
        throw PartnerUnavailableException.inProgress(current.id());
    }
}
