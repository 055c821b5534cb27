package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import java.util.Objects;

/**
 * A transfer as we hold it, for reconciliation: a disbursement, or a transfer recovered from the
 * bank's statement that no retry has claimed yet ({@code recovered}).
 */
public record HeldTransfer(DisbursementId id, Money amount, DisbursementStatus status, boolean recovered) {

    public HeldTransfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
    }

    /** The reference the bank knows it by. */
    public String reference() {
        return id.toString();
    }
}
