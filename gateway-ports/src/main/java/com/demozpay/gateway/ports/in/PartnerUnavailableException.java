package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.DisbursementId;

/**
 * The bank definitely did not receive the transfer (connection refused, unknown host). The disbursement
 * stays INITIATED; a retry with the same idempotency key sends it again under the same reference.
 */
public final class PartnerUnavailableException extends RuntimeException {

    private final DisbursementId disbursementId;

    public PartnerUnavailableException(DisbursementId disbursementId, String cause) {
        super("the bank did not receive disbursement " + disbursementId + ": " + cause, null, false, false);
        this.disbursementId = disbursementId;
    }

    public DisbursementId disbursementId() {
        return disbursementId;
    }
}
