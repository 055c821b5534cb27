package com.demozpay.gateway.ports.service;

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
 * can never be accepted by the bank while the reconciler decides the bank does not have it.
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
        DisbursementStore.InsertResult inserted =
                store.insertIfAbsent(Disbursement.initiate(
                        DisbursementId.derive(request.product(), request.idempotencyKey()), request, clock.instant()));
        Disbursement stored = inserted.disbursement();
        if (inserted instanceof DisbursementStore.InsertResult.Inserted) {
            observer.initiated(stored);
        } else if (inserted instanceof DisbursementStore.InsertResult.AlreadyExists) {
            stored.requireSameRequest(request);
        } else {
            stored.refuseSecondFor(request);
            throw new IllegalStateException("the store refused " + request.productReference()
                    + " for disbursement " + stored.id() + ", which does not hold it");
        }
        return stored.status() == DisbursementStatus.INITIATED ? submit(stored) : stored;
    }

    private Disbursement submit(Disbursement initiated) {
        Optional<Lease> lease = store.lease(initiated.id(), DisbursementStatus.INITIATED, leasePolicy.duration());
        if (lease.isEmpty()) {
            return whenLeasedElsewhere(initiated);
        }
        PartnerOutcome outcome = partner.submit(initiated);
        TransitionRecorder.Recorded recorded = recordAnswer(initiated, outcome);
        // The answer is recorded: a retry may go now. A submit that threw keeps the lease until it expires.
        store.release(lease.get());
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
    private TransitionRecorder.Recorded recordAnswer(Disbursement initiated, PartnerOutcome outcome) {
        try {
            return recorder.record(initiated, d -> d.decideAfterSubmit(outcome), CAUSE);
        } catch (StoreUnavailableException e) {
            if (outcome instanceof PartnerOutcome.NotReceived) {
                throw e;
            }
            throw new OutcomeUnknownException(initiated.id(), e);
        }
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
