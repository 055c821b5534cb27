package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One transfer on the bank's statement of a day: the {@code reference} we sent (our disbursement id,
 * or anything else the bank holds), the bank's transfer id, amount, where the bank says it stands
 * (PENDING is {@code SUBMITTED}, COMPLETED is {@code SETTLED}) and its value date. A FAILED line may
 * name the bank's failure code.
 */
public record StatementLine(
        String reference,
        PartnerReference transferId,
        Money amount,
        DisbursementStatus status,
        Optional<String> failureCode,
        LocalDate valueDate) {

    public StatementLine {
        if (reference == null || reference.isBlank() || reference.length() > 128) {
            throw new IllegalArgumentException("reference must be 1 to 128 characters");
        }
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(valueDate, "valueDate");
        if (status == DisbursementStatus.INITIATED) {
            throw new IllegalArgumentException("a statement line is never INITIATED: the bank holds it");
        }
    }

    /** The disbursement id a reference names, or empty when it is not one of ours (not a canonical UUID). */
    public static Optional<DisbursementId> ourId(String reference) {
        if (reference.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(reference);
            return id.toString().equals(reference) ? Optional.of(new DisbursementId(id)) : Optional.empty();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
