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
    TRANSFER_MISSING_AT_PARTNER,
    /**
     * The bank refused (422) our submit after it had accepted the transfer: a late answer that
     * contradicts the acceptance. The money may be moving, so it is never called failed.
     */
    REFUSED_AFTER_ACCEPTED,
    /**
     * The bank refused (422) a resend of a transfer whose first submit had an unknown outcome: the
     * first one may still be paying, so it is never called failed.
     */
    REFUSED_ON_RESUBMIT,
    /** Every resend allowed by the {@link ResubmitLimit} got no usable answer; nothing more is sent. */
    RESUBMITS_EXHAUSTED,
    /**
     * A submit that may have reached the bank (accepted, or no answer) found, when it came to record the
     * answer, that its lease had passed to another holder, who had meanwhile failed the disbursement
     * {@link Failure#NOT_SUBMITTED} because the bank had no record of it yet. The bank may pay a transfer
     * we call failed: the caller is told the outcome is unknown, and a human must settle it with the bank.
     */
    FAILED_WHILE_SUBMITTING
}
