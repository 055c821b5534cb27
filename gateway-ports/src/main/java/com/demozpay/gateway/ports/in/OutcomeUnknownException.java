package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.DisbursementId;

/**
 * The request may have reached the bank, but what became of it could not be recorded (the database
 * failed after the bank answered). The caller must not treat it as "not received" and must not pay
 * under a new key: a retry with the same idempotency key sends the same reference again, which the
 * bank de-duplicates, and returns what became of it.
 */
public final class OutcomeUnknownException extends RuntimeException {

    private final DisbursementId disbursementId;

    public OutcomeUnknownException(DisbursementId disbursementId, Throwable cause) {
        super("outcome unknown: disbursement " + disbursementId
                + " may have reached the bank; retry with the same idempotency_key", cause, false, false);
        this.disbursementId = disbursementId;
    }

    public DisbursementId disbursementId() {
        return disbursementId;
    }
}
