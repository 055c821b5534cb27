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

    /**
     * This observer, then {@code next}, for every event: the one place that forwards each method, so an
     * observer that cares about one event overrides only that one and is chained with this.
     */
    default DisbursementObserver andThen(DisbursementObserver next) {
        DisbursementObserver first = this;
        return new DisbursementObserver() {
            @Override
            public void initiated(Disbursement disbursement) {
                first.initiated(disbursement);
                next.initiated(disbursement);
            }

            @Override
            public void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
                first.transitioned(before, after, cause);
                next.transitioned(before, after, cause);
            }

            @Override
            public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
                first.anomaly(disbursement, anomaly, cause);
                next.anomaly(disbursement, anomaly, cause);
            }

            @Override
            public void reconcileFailed(Disbursement disbursement, RuntimeException error) {
                first.reconcileFailed(disbursement, error);
                next.reconcileFailed(disbursement, error);
            }

            @Override
            public void reconcilePassed(ReconcileReport report) {
                first.reconcilePassed(report);
                next.reconcilePassed(report);
            }

            @Override
            public void reconcilePassFailed(RuntimeException error) {
                first.reconcilePassFailed(error);
                next.reconcilePassFailed(error);
            }
        };
    }
}
