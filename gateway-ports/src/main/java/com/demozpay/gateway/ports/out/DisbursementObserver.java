package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;

/** Hears what the use cases did to disbursements, for metrics and log lines. Must not throw. */
public interface DisbursementObserver {

    DisbursementObserver NONE = new DisbursementObserver() {
    };

    /** A new disbursement was stored as INITIATED. */
    default void initiated(Disbursement disbursement) {
    }

    /** A transition was stored. */
    default void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
    }

    /** The bank reported something that contradicts what we know; the state was left as it is. */
    default void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
    }

    /** Reconciling this disbursement failed; it is left as it is for the next pass. */
    default void reconcileFailed(Disbursement disbursement, RuntimeException error) {
    }

    /** A pass of the built-in reconciler loop ended with this report. */
    default void reconcilePassed(ReconcileReport report) {
    }

    /**
     * A pass of the built-in reconciler loop ended early with this error (a {@link StoreUnavailableException}
     * when the database could not be reached); the next pass runs as usual.
     */
    default void reconcilePassFailed(RuntimeException error) {
    }
}
