package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every anomaly in the {@link AnomalyLog} (the list {@code gateway anomalies} shows, and the evidence
 * {@code gateway resolve} needs to move a final state); it hears nothing else, and is chained with the
 * metrics observer by {@link DisbursementObserver#andThen}. An observer must not throw: when the anomaly
 * cannot be kept (the database is away), that is logged at ERROR, and the anomaly's own log line and
 * metric still record it.
 */
public final class AnomalyRecordingObserver implements DisbursementObserver {

    private static final Logger log = LoggerFactory.getLogger(AnomalyRecordingObserver.class);

    private final AnomalyLog anomalies;
    private final Clock clock;

    public AnomalyRecordingObserver(AnomalyLog anomalies, Clock clock) {
        this.anomalies = anomalies;
        this.clock = clock;
    }

    @Override
    public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
        try {
            anomalies.record(disbursement.id(), anomaly, cause.source(), clock.instant());
        } catch (RuntimeException notKept) {
            log.atError().setMessage("anomaly not kept").addKeyValue("disbursement_id", disbursement.id().toString())
                    .addKeyValue("kind", anomaly.kind()).addKeyValue("err", notKept.getMessage()).log();
        }
    }
}
