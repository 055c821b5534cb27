package com.demozpay.gateway.domain;

/** Why an event left a disbursement as it was. None of these needs a human. */
public enum NoChangeReason {
    /** The disbursement is already in the reported state: a duplicate or a repeat. */
    ALREADY_IN_STATE,
    /** The event reports an earlier step than the one already reached: it arrived late. */
    STALE,
    /** The submit never reached the bank; the disbursement stays where it is and may be sent again. */
    NOT_RECEIVED
}
