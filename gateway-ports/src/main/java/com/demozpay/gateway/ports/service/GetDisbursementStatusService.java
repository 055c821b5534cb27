package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Reads a disbursement, asking the bank first when the caller wants fresh news or the stored state
 * has not moved for {@code refreshWhenUnchangedFor}. The bank's silence is never an error here: the
 * stored state is the answer, and the reconciler deals with transfers the bank does not know.
 *
 * <p>Refreshes are a bulkhead of their own: at most {@code maxRefreshesInFlight} lookups at once on
 * this replica, and one per disbursement. A refresh that finds no room answers from the store at once
 * instead of waiting, so callers polling during a bank slowdown never hold the connections to the bank
 * that submits need (the partner adapter's limit is shared by every call).
 */
public final class GetDisbursementStatusService implements GetDisbursementStatusUseCase {

    private static final TransitionCause CAUSE = TransitionCause.of(TransitionSource.POLL);

    private final DisbursementStore store;
    private final PartnerClient partner;
    private final Clock clock;
    private final Duration refreshWhenUnchangedFor;
    private final TransitionRecorder recorder;
    private final Semaphore refreshSlots;
    private final Set<DisbursementId> refreshing = ConcurrentHashMap.newKeySet();

    public GetDisbursementStatusService(DisbursementStore store, PartnerClient partner, Clock clock,
            Duration refreshWhenUnchangedFor, int maxRefreshesInFlight, DisbursementObserver observer) {
        this.store = store;
        this.partner = partner;
        this.clock = clock;
        this.refreshWhenUnchangedFor = refreshWhenUnchangedFor;
        this.recorder = new TransitionRecorder(store, observer, clock);
        if (maxRefreshesInFlight < 1) {
            throw new IllegalArgumentException("at least one refresh must be allowed in flight");
        }
        this.refreshSlots = new Semaphore(maxRefreshesInFlight);
    }

    @Override
    public Disbursement getStatus(StatusQuery query) {
        Disbursement stored = find(query.lookup()).orElseThrow(() -> new DisbursementNotFoundException(query.lookup()));
        if (stored.status().isFinal() || !(query.refresh() || unchangedForTooLong(stored))) {
            return stored;
        }
        if (!refreshing.add(stored.id())) {
            return stored;
        }
        try {
            if (!refreshSlots.tryAcquire()) {
                return stored;
            }
            try {
                return refreshed(stored);
            } finally {
                refreshSlots.release();
            }
        } finally {
            refreshing.remove(stored.id());
        }
    }

    private Disbursement refreshed(Disbursement stored) {
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
