package com.demozpay.gateway.domain.reconciliation;

/** What comparing one transfer across the bank's statement and our books found. */
public enum ReconciliationClass {
    /** Both sides agree: same amount, same final state (or the same stage), or neither side moved money. */
    MATCHED(false),
    /**
     * Still moving on our side (INITIATED, SUBMITTED or ACCEPTED) and not contradicted by the bank: the
     * reconciler asks the bank and catches up. Not a discrepancy.
     */
    PENDING(false),
    /** We hold it ACCEPTED or SETTLED; the bank lists nothing for it. */
    MISSING_AT_BANK(true),
    /** The bank holds a reference we do not (a statement line, or an unmatched callback in our inbox). */
    UNKNOWN_TO_US(true),
    /** Both hold the reference, with different amounts or currencies. */
    AMOUNT_MISMATCH(true),
    /** Our final state contradicts the bank's, e.g. FAILED here and COMPLETED at the bank. */
    STATUS_MISMATCH(true);

    private final boolean discrepancy;

    ReconciliationClass(boolean discrepancy) {
        this.discrepancy = discrepancy;
    }

    /** Whether a human must look at it. */
    public boolean isDiscrepancy() {
        return discrepancy;
    }
}
