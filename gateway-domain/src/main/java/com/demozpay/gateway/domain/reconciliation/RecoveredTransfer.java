package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transfer the bank holds under one of our ids, recreated from its statement after our row was lost
 * (a restore from an older backup). The statement does not carry the idempotency key, product or
 * beneficiary, so it is kept apart, pending review, until a caller's retry, whose key derives this same
 * id, {@link #adoptBy claims} it: the retry then finds its disbursement instead of paying again.
 */
public record RecoveredTransfer(
        DisbursementId id,
        PartnerReference transferId,
        Money amount,
        DisbursementStatus status,
        Optional<String> failureCode,
        LocalDate valueDate,
        Instant recoveredAt) {

    /** The failure code of a recovered FAILED transfer whose statement line names none. */
    public static final String UNSPECIFIED_FAILURE = "UNSPECIFIED_FAILURE";

    public RecoveredTransfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failureCode, "failureCode");
        Objects.requireNonNull(valueDate, "valueDate");
        Objects.requireNonNull(recoveredAt, "recoveredAt");
    }

    /** The line as a recovered transfer, or empty when its reference is not one of our ids (a UUID). */
    public static Optional<RecoveredTransfer> from(StatementLine line, Instant now) {
        return StatementLine.ourId(line.reference()).map(id -> new RecoveredTransfer(id, line.transferId(),
                line.amount(), line.status(), line.failureCode(), line.valueDate(), now));
    }

    /**
     * The disbursement this transfer becomes when {@code request}, whose derived id is this one, is sent
     * again: the request's fields, the bank's state, amount and transfer id. The amount is all the
     * statement tells about the request, so it must match.
     *
     * @throws IdempotencyConflictException naming {@code amount} when the retry asks for another amount
     */
    public Disbursement adoptBy(DisbursementRequest request, Instant now) {
        if (!request.amount().equals(amount)) {
            throw new IdempotencyConflictException(request.idempotencyKey(), id, List.of("amount"));
        }
        Optional<Failure> failure = status == DisbursementStatus.FAILED
                ? Optional.of(new Failure(failureCode.orElse(UNSPECIFIED_FAILURE),
                        "recovered from the bank's statement of " + valueDate))
                : Optional.empty();
        return new Disbursement(id, request, status, Optional.of(transferId), failure, recoveredAt, now);
    }
}
