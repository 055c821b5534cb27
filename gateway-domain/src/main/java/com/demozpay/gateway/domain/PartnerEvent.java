package com.demozpay.gateway.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What the bank says about one transfer, from a callback, a status query or the answer to a submit:
 * the state it reports (already mapped to ours), its transfer id and amount when it gave them, and
 * the failure when it reports one.
 */
public record PartnerEvent(
        DisbursementStatus status,
        Optional<PartnerReference> partnerReference,
        Optional<Money> amount,
        Optional<Failure> failure) {

    public PartnerEvent {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(partnerReference, "partnerReference");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(failure, "failure");
        if (status == DisbursementStatus.INITIATED) {
            throw new IllegalArgumentException("the bank never reports a transfer as INITIATED");
        }
        if ((status == DisbursementStatus.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("a failure is given exactly when the status is FAILED");
        }
    }

    public static PartnerEvent reported(
            DisbursementStatus status, PartnerReference partnerReference, Money amount) {
        return new PartnerEvent(status, Optional.ofNullable(partnerReference), Optional.ofNullable(amount), Optional.empty());
    }

    public static PartnerEvent failed(PartnerReference partnerReference, Money amount, Failure failure) {
        return new PartnerEvent(DisbursementStatus.FAILED, Optional.ofNullable(partnerReference),
                Optional.ofNullable(amount), Optional.of(failure));
    }

    /** Sent, but whether the bank received it is not known: the disbursement waits in SUBMITTED. */
    static PartnerEvent outcomeUnknown() {
        return new PartnerEvent(DisbursementStatus.SUBMITTED, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The bank has no record of a disbursement that will not be sent again. */
    static PartnerEvent notSubmitted() {
        return failed(null, null, new Failure(Failure.NOT_SUBMITTED, "the bank never received this disbursement"));
    }
}
