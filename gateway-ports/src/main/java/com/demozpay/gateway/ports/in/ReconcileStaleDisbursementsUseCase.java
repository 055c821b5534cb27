package com.demozpay.gateway.ports.in;

/**
 * One pass of the reconciler: claims disbursements that have not moved for too long and asks the bank
 * where they stand. Safe to run on every replica at once.
 */
public interface ReconcileStaleDisbursementsUseCase {

    ReconcileReport reconcileOnce();

    /**
     * What one pass did, for logs and metrics. {@code skipped}: too little of the lease was left to call
     * the bank, or a write found the lease gone (it stalled past it) and wrote nothing; {@code failed}: an
     * error on that one disbursement (it is retried next pass, the pass goes on, and
     * {@code DisbursementObserver.reconcileFailed} hears about it).
     */
    record ReconcileReport(int claimed, int transitioned, int unchanged, int partnerUnreachable, int anomalies,
            int skipped, int failed) {
    }
}
