package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.DisbursementId;

/**
 * The disbursement cannot be sent now and stays INITIATED: the bank definitely did not receive it
 * (connection refused, unknown host), or another submit or the reconciler is working on it. A retry
 * with the same idempotency key sends it again under the same reference, or returns what became of it.
 */
public final class PartnerUnavailableException extends RuntimeException {

    private final DisbursementId disbursementId;

    private PartnerUnavailableException(DisbursementId disbursementId, String message) {
        super(message, null, false, false);
        this.disbursementId = disbursementId;
    }

    /**
     * The bank definitely did not receive it. The network cause stays out of the message, which callers
     * see; the partner adapter logs it.
     */
    public static PartnerUnavailableException notReceived(DisbursementId disbursementId) {
        return new PartnerUnavailableException(disbursementId,
                "the bank did not receive disbursement " + disbursementId + "; retry with the same idempotency_key");
    }

    /** Someone else holds the claim to submit or reconcile it right now. */
    public static PartnerUnavailableException inProgress(DisbursementId disbursementId) {
        return new PartnerUnavailableException(disbursementId, "disbursement " + disbursementId
                + " is being submitted or reconciled right now; retry with the same idempotency_key");
    }

    public DisbursementId disbursementId() {
        return disbursementId;
    }
}
