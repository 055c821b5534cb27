package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The read-only questions an operator asks of the gateway's database ({@code gateway list},
 * {@code gateway inbox --unmatched}); nothing here changes a row. May throw {@link StoreUnavailableException}.
 */
public interface OperatorQueries {

    /** Disbursements in {@code status} last changed before {@code changedBefore}, oldest change first, at most {@code limit}. */
    List<Disbursement> inStatus(DisbursementStatus status, Instant changedBefore, int limit);

    /** Callbacks that matched no disbursement of ours, oldest first, at most {@code limit}. */
    List<UnmatchedCallback> unmatchedCallbacks(int limit);

    /** A verified callback about a reference we do not hold (kept for reconciliation). */
    record UnmatchedCallback(String eventId, String reference, DisbursementStatus reportedStatus,
            Optional<String> partnerReference, Instant occurredAt, Instant receivedAt) {
        public UnmatchedCallback {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(reportedStatus, "reportedStatus");
            Objects.requireNonNull(partnerReference, "partnerReference");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }
}
