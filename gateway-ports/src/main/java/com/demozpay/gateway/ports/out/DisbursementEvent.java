package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of state of one disbursement, at its place in the feed. {@code disbursement} carries the
 * status and {@code updatedAt} of this change; {@code fromStatus} is empty for the creation.
 */
public record DisbursementEvent(EventCursor cursor, Disbursement disbursement, Optional<DisbursementStatus> fromStatus) {

    public DisbursementEvent {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(disbursement, "disbursement");
        Objects.requireNonNull(fromStatus, "fromStatus");
    }
}
