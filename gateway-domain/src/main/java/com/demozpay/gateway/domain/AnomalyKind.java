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
    RESUBMITS_EXHAUSTED
}
