package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.time.Clock;
import java.util.function.Function;

/**
 * Applies a domain decision through the store's compare-and-set. When another writer (a callback, a
 * poll, another replica) moved the disbursement first, the decision is taken again on the winner's
 * state: the loser never overwrites, it re-decides. States only move forward, so this ends within as
 * many rounds as there are states.
 */
final class TransitionRecorder {

    /**
     * What was decided last, and the disbursement as it now stands. {@code leaseLost}: the write was made
     * under a lease that was no longer held, so the decision was not recorded.
     */
    record Recorded(Disbursement latest, Decision decision, boolean leaseLost) {

        /** Whether the decision moved the disbursement (which, under a lease, also released it). */
        boolean transitioned() {
            return !leaseLost && decision instanceof Decision.Transition;
        }
    }

    private static final int MAX_ROUNDS = 8;

    private final DisbursementStore store;
    private final DisbursementObserver observer;
    private final Clock clock;

    TransitionRecorder(DisbursementStore store, DisbursementObserver observer, Clock clock) {
        this.store = store;
        this.observer = observer;
        this.clock = clock;
    }

    Recorded record(Disbursement current, Function<Disbursement, Decision> decide, TransitionCause cause) {
        return record(current, decide, cause, transition -> store.transition(current.id(), transition, cause,
                clock.instant()));
    }

    /**
     * As {@link #record}, every write fenced by {@code lease}: once the lease is no longer held nothing is
     * written and the result says so. A transition that lands releases the lease with it.
     */
    Recorded recordUnderLease(Lease lease, Disbursement current, Function<Disbursement, Decision> decide,
            TransitionCause cause) {
        return record(current, decide, cause, transition -> store.transitionUnderLease(lease, transition, cause,
                clock.instant()));
    }

    private Recorded record(Disbursement current, Function<Disbursement, Decision> decide, TransitionCause cause,
            Function<Decision.Transition, DisbursementStore.TransitionResult> write) {
        Disbursement latest = current;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Decision decision = decide.apply(latest);
            if (decision instanceof Decision.Anomaly anomaly) {
                observer.anomaly(latest, anomaly, cause);
            }
            if (!(decision instanceof Decision.Transition transition)) {
                return new Recorded(latest, decision, false);
            }
            DisbursementStore.TransitionResult result = write.apply(transition);
            if (result instanceof DisbursementStore.TransitionResult.Applied applied) {
                observer.transitioned(latest, applied.after(), cause);
                return new Recorded(applied.after(), decision, false);
            }
            if (result instanceof DisbursementStore.TransitionResult.LeaseLost lost) {
                return new Recorded(lost.current(), decision, true);
            }
            latest = ((DisbursementStore.TransitionResult.Lost) result).current();
        }
        throw new IllegalStateException("disbursement " + current.id() + " kept changing under " + MAX_ROUNDS + " decisions");
    }
}
