package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.DisbursementStatus;
import java.util.Objects;

/** A verified callback from the bank for a reference we did not hold when it came (kept in the inbox). */
public record UnmatchedCallback(String reference, DisbursementStatus reportedStatus, String eventId) {

    public UnmatchedCallback {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(reportedStatus, "reportedStatus");
        Objects.requireNonNull(eventId, "eventId");
    }
}
