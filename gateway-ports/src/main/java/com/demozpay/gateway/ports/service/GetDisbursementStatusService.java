package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.GetDisbursementStatusUseCase;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a disbursement, asking the bank first when the caller wants fresh news or the stored state
 * has not moved for {@code refreshWhenUnchangedFor}. The bank's silence is never an error here: the
 * stored state is the answer, and the reconciler deals with transfers the bank does not know.
 */
public final class GetDisbursementStatusService implements GetDisbursementStatusUseCase {

    private static final TransitionCause CAUSE = TransitionCause.of(TransitionSource.POLL);

    private final DisbursementStore store;
    private final PartnerClient partner;
    private final Clock clock;
    private final Duration refreshWhenUnchangedFor;
    private final TransitionRecorder recorder;

    public GetDisbursementStatusService(DisbursementStore store, PartnerClient partner, Clock clock,
            Duration refreshWhenUnchangedFor, DisbursementObserver observer) {
        this.store = store;
        this.partner = partner;
        this.clock = clock;
        this.refreshWhenUnchangedFor = refreshWhenUnchangedFor;
        this.recorder = new TransitionRecorder(store, observer, clock);
    }

    @Override
    public Disbursement getStatus(StatusQuery query) {
        Disbursement stored = find(query.lookup()).orElseThrow(() -> new DisbursementNotFoundException(query.lookup()));
        if (stored.status().isFinal() || !(query.refresh() || unchangedForTooLong(stored))) {
            return stored;
        }
        // NotFound and Unavailable both leave the stored state as the answer.
        if (partner.lookup(stored.id()) instanceof TransferLookup.Found found) {
            return recorder.record(stored, d -> d.decide(found.event()), CAUSE).latest();
        }
        return stored;
    }

    private Optional<Disbursement> find(StatusQuery.Lookup lookup) {
        if (lookup instanceof StatusQuery.Lookup.ById byId) {
            return store.findById(byId.id());
        }
        return store.findByIdempotencyKey(((StatusQuery.Lookup.ByIdempotencyKey) lookup).key());
    }

    private boolean unchangedForTooLong(Disbursement disbursement) {
        return disbursement.updatedAt().plus(refreshWhenUnchangedFor).isBefore(clock.instant());
    }
}
