package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every anomaly in the {@link AnomalyLog} (the list {@code gateway anomalies} shows, and the evidence
 * {@code gateway resolve} needs to move a final state), then hands every event on to the next observer
 * (metrics and log lines). An observer must not throw: when the anomaly cannot be kept (the database is
 * away), that is logged at ERROR, and the anomaly's own log line and metric still record it.
 */
public final class AnomalyRecordingObserver implements DisbursementObserver {

    private static final Logger log = LoggerFactory.getLogger(AnomalyRecordingObserver.class);

    private final DisbursementObserver next;
    private final AnomalyLog anomalies;
    private final Clock clock;

    public AnomalyRecordingObserver(DisbursementObserver next, AnomalyLog anomalies, Clock clock) {
        this.next = next;
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
        next.anomaly(disbursement, anomaly, cause);
    }

    @Override
    public void initiated(Disbursement disbursement) {
        next.initiated(disbursement);
    }

    @Override
    public void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
        next.transitioned(before, after, cause);
    }

    @Override
    public void reconcileFailed(Disbursement disbursement, RuntimeException error) {
        next.reconcileFailed(disbursement, error);
    }

    @Override
    public void reconcilePassed(ReconcileReport report) {
        next.reconcilePassed(report);
    }

    @Override
    public void reconcilePassFailed(RuntimeException error) {
        next.reconcilePassFailed(error);
    }
}
