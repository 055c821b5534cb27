package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.BankAnswer;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.ResolveDisbursementUseCase;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.ResolutionStore;
import com.demozpay.gateway.ports.out.TransferLookup;
import java.time.Clock;
import java.util.Optional;

/**
 * Resolves a disbursement by an operator's hand. The bank is asked once, before anything is weighed; if
 * another writer (a callback, the reconciler) moves the disbursement meanwhile, the rules are weighed
 * again on what it did, with the same answer of the bank, so an operator never overwrites a move they
 * did not see.
 */
public final class ResolveDisbursementService implements ResolveDisbursementUseCase {

    /** States only move forward, and a final one only once more by this service: a few rounds suffice. */
    private static final int MAX_ROUNDS = 4;

    private final DisbursementStore store;
    private final PartnerClient partner;
    private final AnomalyLog anomalies;
    private final ResolutionStore resolutions;
    private final Clock clock;

    public ResolveDisbursementService(DisbursementStore store, PartnerClient partner, AnomalyLog anomalies,
            ResolutionStore resolutions, Clock clock) {
        this.store = store;
        this.partner = partner;
        this.anomalies = anomalies;
        this.resolutions = resolutions;
        this.clock = clock;
    }

    @Override
    public Resolution resolve(DisbursementId id, OperatorResolution request) {
        Disbursement current = store.findById(id).orElseThrow(() -> new DisbursementNotFoundException(new StatusQuery.Lookup.ById(id)));
        BankAnswer bank = answerOf(partner.lookup(id));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean anomalyRecorded = !anomalies.unresolved(id).isEmpty();
            OperatorResolution.Outcome outcome = request.decide(current, bank, anomalyRecorded);
            if (outcome instanceof OperatorResolution.Outcome.Refused refused) {
                return new Resolution.Refused(current, bank, refused.refusal(), refused.detail());
            }
            OperatorResolution.Outcome.Move move = (OperatorResolution.Outcome.Move) outcome;
            ResolutionStore.Audit audit = new ResolutionStore.Audit(request.operator(), request.reason(),
                    move.overridden() ? request.override() : Optional.empty(), bank.describe());
            DisbursementStore.TransitionResult result;
            try {
                result = resolutions.resolve(id, move, audit, clock.instant());
            } catch (ProductReferenceInUseException inUse) {
                return new Resolution.Refused(current, bank, OperatorResolution.Refusal.PRODUCT_REFERENCE_IN_USE,
                        "disbursement " + inUse.existing() + " already pays product reference " + inUse.productReference()
                                + ": the request was paid again and the money may have gone out twice; take both to finance");
            }
            if (result instanceof DisbursementStore.TransitionResult.Applied applied) {
                return new Resolution.Resolved(current, applied.after(), bank, move.overridden());
            }
            current = ((DisbursementStore.TransitionResult.Lost) result).current();
        }
        throw new IllegalStateException("disbursement " + id + " kept changing while it was being resolved");
    }

    private static BankAnswer answerOf(TransferLookup lookup) {
        if (lookup instanceof TransferLookup.Found found) {
            return new BankAnswer.Reports(found.event());
        }
        if (lookup instanceof TransferLookup.NotFound) {
            return new BankAnswer.NoRecord();
        }
        return new BankAnswer.Unavailable(((TransferLookup.Unavailable) lookup).cause());
    }
}
