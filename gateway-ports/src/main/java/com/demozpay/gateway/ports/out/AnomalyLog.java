package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.DisbursementId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every anomaly the gateway met (the bank contradicting what we know), kept until an operator resolves
 * it: the list an operator works through ({@code gateway anomalies}) and the evidence that lets
 * {@code gateway resolve} move a final state at all. Resolving marks them, in the same transaction as the
 * operator's transition ({@link ResolutionStore}).
 */
public interface AnomalyLog {

    /** Keeps this anomaly, seen on {@code disbursementId} through {@code source}. */
    void record(DisbursementId disbursementId, Decision.Anomaly anomaly, TransitionSource source, Instant at);

    /** The unresolved anomalies of every disbursement, oldest first, at most {@code limit}. */
    List<RecordedAnomaly> unresolved(int limit);

    /** The unresolved anomalies of one disbursement, oldest first. */
    List<RecordedAnomaly> unresolved(DisbursementId disbursementId);

    /** One kept anomaly. */
    record RecordedAnomaly(long id, DisbursementId disbursementId, AnomalyKind kind, String detail,
            TransitionSource source, Instant detectedAt) {
        public RecordedAnomaly {
            Objects.requireNonNull(disbursementId, "disbursementId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(detectedAt, "detectedAt");
        }
    }
}
