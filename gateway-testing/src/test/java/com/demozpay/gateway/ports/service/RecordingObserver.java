package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.util.ArrayList;
import java.util.List;

/** Remembers what the use cases reported, so a test can assert on anomalies and transitions. */
final class RecordingObserver implements DisbursementObserver {

    record Reported(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
    }

    final List<Disbursement> initiated = new ArrayList<>();
    final List<Disbursement> transitioned = new ArrayList<>();
    final List<Reported> anomalies = new ArrayList<>();
    final List<DisbursementId> reconcileFailures = new ArrayList<>();

    @Override
    public void initiated(Disbursement disbursement) {
        initiated.add(disbursement);
    }

    @Override
    public void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
        transitioned.add(after);
    }

    @Override
    public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
        anomalies.add(new Reported(disbursement, anomaly, cause));
    }

    @Override
    public void reconcileFailed(Disbursement disbursement, RuntimeException error) {
        reconcileFailures.add(disbursement.id());
    }
}
