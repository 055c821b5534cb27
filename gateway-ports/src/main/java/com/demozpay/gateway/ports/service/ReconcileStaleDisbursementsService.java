package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.NoRecordAction;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.ResubmitLimit;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds disbursements the callbacks have not moved for too long and asks the bank about each. It is
 * what settles an unknown outcome, a lost callback and a crash mid-flight. Leases keep two replicas
 * off the same disbursement, and a caller's retry off an INITIATED one (its submit takes the same lease):
 * no submit can reach the bank while the reconciler decides the bank has no record of it. Work under a
 * lease stops when less than a call to the bank is left of it ({@link LeasePolicy#lastsACall}); a bank
 * that cannot be reached, a lease running out and an error on one disbursement all leave it as it is
 * for next time, and its lease released at once. Every write presents the lease (fenced): one that stalled
 * past it writes nothing (counted as skipped). Resends of a transfer the bank has no record of are bounded
 * by the {@link ResubmitLimit}.
 */
public final class ReconcileStaleDisbursementsService implements ReconcileStaleDisbursementsUseCase {

    private static final TransitionCause CAUSE = TransitionCause.of(TransitionSource.RECONCILER);

    private final DisbursementStore store;
    private final PartnerClient partner;
    private final Clock clock;
    private final ReconcilePolicy policy;
    private final LeasePolicy leasePolicy;
    private final ResubmitLimit resubmitLimit;
    private final DisbursementObserver observer;
    private final TransitionRecorder recorder;

    public ReconcileStaleDisbursementsService(DisbursementStore store, PartnerClient partner, Clock clock,
            ReconcilePolicy policy, LeasePolicy leasePolicy, ResubmitLimit resubmitLimit, DisbursementObserver observer) {
        this.store = store;
        this.partner = partner;
        this.clock = clock;
        this.policy = policy;
        this.leasePolicy = leasePolicy;
        this.resubmitLimit = resubmitLimit;
        this.observer = observer;
        this.recorder = new TransitionRecorder(store, observer, clock);
    }

    @Override
    public ReconcileReport reconcileOnce() {
        // Read before the store times the leases, so the lease lasts at least from here (LeasePolicy#lastsACall).
        Instant takenAt = clock.instant();
        List<DisbursementStore.Leased> leased = new ArrayList<>(store.leaseStale(DisbursementStatus.INITIATED,
                takenAt.minus(policy.initiatedAfter()), policy.batchSize(), leasePolicy.duration()));
        for (DisbursementStatus inFlight : List.of(DisbursementStatus.SUBMITTED, DisbursementStatus.ACCEPTED)) {
            leased.addAll(store.leaseStale(inFlight, takenAt.minus(policy.inFlightAfter()), policy.batchSize(),
                    leasePolicy.duration()));
        }
        Map<Result, Integer> tally = new EnumMap<>(Result.class);
        leased.forEach(l -> tally.merge(reconcileLeased(l, takenAt), 1, Integer::sum));
        return new ReconcileReport(leased.size(), count(tally, Result.TRANSITIONED), count(tally, Result.UNCHANGED),
                count(tally, Result.UNREACHABLE), count(tally, Result.ANOMALY),
                count(tally, Result.SKIPPED) + count(tally, Result.LEASE_LOST), count(tally, Result.FAILED));
    }

    /**
     * One failing disbursement (a constraint violation, a store error) must not hold up the rest of the pass.
     * A lease that recorded nothing is released at once, so a caller's retry is not told "being submitted"
     * until it expires.
     */
    private Result reconcileLeased(DisbursementStore.Leased leased, Instant takenAt) {
        Result result;
        try {
            result = reconcile(leased.disbursement(), leased.lease(), takenAt);
        } catch (RuntimeException e) {
            observer.reconcileFailed(leased.disbursement(), e);
            result = Result.FAILED;
        }
        if (result != Result.TRANSITIONED && result != Result.LEASE_LOST) {
            release(leased);
        }
        return result;
    }

    private void release(DisbursementStore.Leased leased) {
        try {
            store.release(leased.lease());
        } catch (RuntimeException e) {
            // The lease then ends when it expires, as it would have without the release.
            observer.reconcileFailed(leased.disbursement(), e);
        }
    }

    private Result reconcile(Disbursement disbursement, Lease lease, Instant takenAt) {
        if (!leaseLastsACall(takenAt)) {
            return Result.SKIPPED;
        }
        TransferLookup lookup = partner.lookup(disbursement.id());
        if (lookup instanceof TransferLookup.Found found) {
            return recorded(recorder.recordUnderLease(lease, disbursement, d -> d.decide(found.event()), CAUSE));
        }
        return lookup instanceof TransferLookup.NotFound ? whenBankHasNoRecord(disbursement, lease, takenAt)
                : Result.UNREACHABLE;
    }

    private Result whenBankHasNoRecord(Disbursement disbursement, Lease lease, Instant takenAt) {
        // The lookup took time: acting on its answer, above all failing or resending, needs the lease still held.
        if (!leaseLastsACall(takenAt)) {
            return Result.SKIPPED;
        }
        DisbursementStatus askedIn = disbursement.status();
        if (disbursement.whenPartnerHasNoRecord(askedIn) instanceof NoRecordAction.Resubmit) {
            return resubmit(disbursement, lease);
        }
        // Fenced: if this write stalls past the lease and a retry leases and submits meanwhile, it writes nothing.
        return recorded(recorder.recordUnderLease(lease, disbursement,
                d -> d.whenPartnerHasNoRecord(askedIn).decision(), CAUSE));
    }

    /** Resends are counted before sending, so a crash mid-send still counts against the limit. */
    private Result resubmit(Disbursement disbursement, Lease lease) {
        int attempt = store.countResubmit(disbursement.id());
        Optional<Decision.Anomaly> refused = disbursement.refuseResubmit(attempt, resubmitLimit);
        if (refused.isPresent()) {
            observer.anomaly(disbursement, refused.get(), CAUSE);
            return Result.ANOMALY;
        }
        PartnerOutcome outcome = partner.submit(disbursement);
        return recorded(recorder.recordUnderLease(lease, disbursement,
                d -> d.decideAfterResubmit(outcome, attempt, resubmitLimit), CAUSE));
    }

    private boolean leaseLastsACall(Instant takenAt) {
        return leasePolicy.lastsACall(takenAt, clock.instant());
    }

    private static int count(Map<Result, Integer> tally, Result result) {
        return tally.getOrDefault(result, 0);
    }

    private static Result recorded(TransitionRecorder.Recorded recorded) {
        if (recorded.leaseLost()) {
            return Result.LEASE_LOST;
        }
        Decision decision = recorded.decision();
        if (decision instanceof Decision.Transition) {
            return Result.TRANSITIONED;
        }
        return decision instanceof Decision.Anomaly ? Result.ANOMALY : Result.UNCHANGED;
    }

    private enum Result { TRANSITIONED, UNCHANGED, UNREACHABLE, ANOMALY, SKIPPED, LEASE_LOST, FAILED }
}
