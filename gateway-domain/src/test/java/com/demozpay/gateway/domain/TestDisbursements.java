package com.demozpay.gateway.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Sample values for domain tests: one valid request, disbursements in any state, the bank's events. */
final class TestDisbursements {

    static final Instant CREATED = Instant.parse("2025-01-01T08:00:00Z");
    static final Money AMOUNT = Money.etb(150_00);
    static final PartnerReference TRANSFER = new PartnerReference("DSH-TRF-1");
    static final PartnerReference OTHER_TRANSFER = new PartnerReference("DSH-TRF-2");
    static final Failure BANK_FAILURE = new Failure("INVALID_ACCOUNT", "no such account");

    private TestDisbursements() {
    }

    static DisbursementDraft draft() {
        return new DisbursementDraft("ewa-42", Product.EWA, "ewa-request-42", 150_00, "ETB", "1000123456789",
                "Abebe Kebede", "salary advance");
    }

    static DisbursementRequest request() {
        return draft().validate(new DisbursementLimits(1_000_000_00));
    }

    static Disbursement initiated() {
        return Disbursement.initiate(new DisbursementId(UUID.fromString("7d1c1f3e-8a4b-4f6e-9d2a-1b2c3d4e5f60")),
                request(), CREATED);
    }

    /** A disbursement already in {@code status}, holding the bank's transfer id once it is past SUBMITTED. */
    static Disbursement in(DisbursementStatus status) {
        Optional<PartnerReference> transfer = status == DisbursementStatus.INITIATED ? Optional.empty() : Optional.of(TRANSFER);
        return in(status, transfer);
    }

    static Disbursement in(DisbursementStatus status, Optional<PartnerReference> transfer) {
        Disbursement initiated = initiated();
        Optional<Failure> failure = status == DisbursementStatus.FAILED ? Optional.of(BANK_FAILURE) : Optional.empty();
        return new Disbursement(initiated.id(), initiated.request(), status, transfer, failure, CREATED, CREATED);
    }

    /** The bank reporting {@code status} for our transfer, with our amount and its transfer id. */
    static PartnerEvent reported(DisbursementStatus status) {
        return status == DisbursementStatus.FAILED
                ? PartnerEvent.failed(TRANSFER, AMOUNT, BANK_FAILURE)
                : PartnerEvent.reported(status, TRANSFER, AMOUNT);
    }
}
