package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds disbursements the callbacks have not moved for too long and asks the bank about each. It is
 * what settles an unknown outcome, a lost callback and a crash mid-flight. Claims keep two replicas
 * off the same disbursement; a bank that cannot be reached leaves everything as it is for next time.
 */
public final class ReconcileStaleDisbursementsService implements ReconcileStaleDisbursementsUseCase {

    private static final TransitionCause CAUSE = TransitionCause.of(TransitionSource.RECONCILER);

    private final DisbursementStore store;
    private final PartnerClient partner;
    private final Clock clock;
    private final ReconcilePolicy policy;
    private final DisbursementObserver observer;
    private final TransitionRecorder recorder;

    public ReconcileStaleDisbursementsService(DisbursementStore store, PartnerClient partner, Clock clock,
            ReconcilePolicy policy, DisbursementObserver observer) {
        this.store = store;
        this.partner = partner;
        this.clock = clock;
        this.policy = policy;
        this.observer = observer;
        this.recorder = new TransitionRecorder(store, observer, clock);
    }

    @Override
    public ReconcileReport reconcileOnce() {
        Instant now = clock.instant();
        Instant claimUntil = now.plus(policy.claimFor());
        List<Disbursement> claimed = new ArrayList<>(store.claimStale(DisbursementStatus.INITIATED,
                now.minus(policy.initiatedAfter()), policy.batchSize(), now, claimUntil));
        for (DisbursementStatus inFlight : List.of(DisbursementStatus.SUBMITTED, DisbursementStatus.ACCEPTED)) {
            claimed.addAll(store.claimStale(inFlight, now.minus(policy.inFlightAfter()), policy.batchSize(), now,
                    claimUntil));
        }
        Tally tally = new Tally();
        claimed.forEach(d -> tally.count(reconcile(d)));
        return new ReconcileReport(claimed.size(), tally.transitioned, tally.unchanged, tally.unreachable, tally.anomalies);
    }

    private Result reconcile(Disbursement disbursement) {
        TransferLookup lookup = partner.lookup(disbursement.id());
        if (lookup instanceof TransferLookup.Found found) {
            return recorded(recorder.record(disbursement, d -> d.decide(found.event()), CAUSE));
        }
        return lookup instanceof TransferLookup.NotFound ? whenBankHasNoRecord(disbursement) : Result.UNREACHABLE;
    }

    private Result whenBankHasNoRecord(Disbursement disbursement) {
        return switch (disbursement.whenPartnerHasNoRecord()) {
            case FAIL_AS_NOT_SUBMITTED -> recorded(recorder.record(disbursement, Disbursement::decideNotSubmitted, CAUSE));
            case RESUBMIT -> {
                var outcome = partner.submit(disbursement);
                yield recorded(recorder.record(disbursement, d -> d.decideAfterSubmit(outcome), CAUSE));
            }
            case REPORT_ANOMALY -> {
                observer.anomaly(disbursement, new Decision.Anomaly(AnomalyKind.TRANSFER_MISSING_AT_PARTNER,
                        "the bank has no record of a transfer it confirmed"), CAUSE);
                yield Result.ANOMALY;
            }
            case NOTHING -> Result.UNCHANGED;
        };
    }

    private static Result recorded(TransitionRecorder.Recorded recorded) {
        Decision decision = recorded.decision();
        if (decision instanceof Decision.Transition) {
            return Result.TRANSITIONED;
        }
        return decision instanceof Decision.Anomaly ? Result.ANOMALY : Result.UNCHANGED;
    }

    private enum Result { TRANSITIONED, UNCHANGED, UNREACHABLE, ANOMALY }

    private static final class Tally {
        int transitioned;
        int unchanged;
        int unreachable;
        int anomalies;

        void count(Result result) {
            switch (result) {
                case TRANSITIONED -> transitioned++;
                case UNCHANGED -> unchanged++;
                case UNREACHABLE -> unreachable++;
                case ANOMALY -> anomalies++;
            }
        }
    }
}
