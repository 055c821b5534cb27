package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
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

    /** What was decided last, and the disbursement as it now stands. */
    record Recorded(Disbursement latest, Decision decision) {
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
        Disbursement latest = current;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Decision decision = decide.apply(latest);
            if (decision instanceof Decision.Anomaly anomaly) {
                observer.anomaly(latest, anomaly, cause);
            }
            if (!(decision instanceof Decision.Transition transition)) {
                return new Recorded(latest, decision);
            }
            DisbursementStore.TransitionResult result = store.transition(latest.id(), transition, cause, clock.instant());
            if (result instanceof DisbursementStore.TransitionResult.Applied applied) {
                observer.transitioned(latest, applied.after(), cause);
                return new Recorded(applied.after(), decision);
            }
            latest = ((DisbursementStore.TransitionResult.Lost) result).current();
        }
        throw new IllegalStateException("disbursement " + current.id() + " kept changing under " + MAX_ROUNDS + " decisions");
    }
}
