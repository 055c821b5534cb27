package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import java.util.List;

/**
 * Keeps transfers recovered from the bank's statement after our own rows were lost, until a caller's
 * retry claims them ({@link DisbursementStore#insertIfAbsent} finds them by the derived id).
 */
public interface RecoveryStore {

    /**
     * Records each transfer whose id we hold neither as a disbursement nor as a recovered transfer, and
     * returns those it recorded; the others are left as they are, so a second recovery changes nothing.
     */
    List<RecoveredTransfer> recordMissing(List<RecoveredTransfer> candidates);
}
