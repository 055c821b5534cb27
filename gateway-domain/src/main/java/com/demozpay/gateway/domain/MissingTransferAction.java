package com.demozpay.gateway.domain;

/** What to do when the bank answers that it has no record of a disbursement's transfer. */
public enum MissingTransferAction {
    /** Never sent, or never arrived: end it as FAILED with {@link Failure#NOT_SUBMITTED}. */
    FAIL_AS_NOT_SUBMITTED,
    /** The outcome of our submit was unknown and the bank never got it: send it again, same reference. */
    RESUBMIT,
    /** The bank confirmed it before: a human must find out where it went. */
    REPORT_ANOMALY,
    /** Already FAILED: the bank's silence agrees with us. */
    NOTHING
}
