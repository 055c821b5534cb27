package com.demozpay.gateway.domain;

/** Events that must never change a disbursement and need a human to look at them. */
public enum AnomalyKind {
    /**
     * The bank contradicts a final state: SETTLED after FAILED, FAILED after SETTLED, or any sign of a
     * transfer we ended FAILED with {@link Failure#NOT_SUBMITTED}.
     */
    CONFLICTING_FINAL,
    /** The bank reports an amount or currency that differs from ours. */
    AMOUNT_MISMATCH,
    /** The bank reports a transfer id that differs from the one it gave us before. */
    PARTNER_REFERENCE_MISMATCH,
    /** The bank confirmed this transfer once and now has no record of it. */
    TRANSFER_MISSING_AT_PARTNER
}
