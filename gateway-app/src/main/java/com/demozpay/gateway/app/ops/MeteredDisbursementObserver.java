package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the use cases do into metrics and log lines: transitions by from/to/source, anomalies by
 * kind, and the reconciler's passes. An anomaly is logged at ERROR: it needs a human.
 */
public final class MeteredDisbursementObserver implements DisbursementObserver {

    private static final Logger log = LoggerFactory.getLogger(MeteredDisbursementObserver.class);

    private final MeterRegistry registry;
    /**
     * The transition counters once registered: a registry lookup builds and sorts the tags each time,
     * and this runs three times per disbursement. Few keys: from, to and source are closed sets.
     */
    private final Map<TransitionKey, Counter> transitions = new ConcurrentHashMap<>();

    public MeteredDisbursementObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void initiated(Disbursement disbursement) {
        count("none", disbursement.status().name(), "api");
        log.atInfo().setMessage("disbursement initiated")
                .addKeyValue("disbursement_id", disbursement.id())
                .addKeyValue("product", disbursement.request().product())
                .addKeyValue("amount_minor", disbursement.request().amount().amountMinor())
                .addKeyValue("account", disbursement.request().beneficiary().maskedAccountNumber())
                .log();
    }

    @Override
    public void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
        count(before.status().name(), after.status().name(), cause.source().label());
        log.atInfo().setMessage("disbursement transitioned")
                .addKeyValue("disbursement_id", after.id())
                .addKeyValue("from", before.status())
                .addKeyValue("to", after.status())
                .addKeyValue("source", cause.source().label())
                .addKeyValue("webhook_id", cause.partnerEventId().orElse(null))
                .addKeyValue("failure_code", after.failure().map(f -> f.code()).orElse(null))
                .log();
    }

    @Override
    public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
        Counter.builder("demozpay.disbursement.anomalies")
                .description("Bank events that contradict our state and were not applied; each needs a human")
                .tag("kind", anomaly.kind().name())
                .tag("source", cause.source().label())
                .register(registry)
                .increment();
        log.atError().setMessage("partner anomaly")
                .addKeyValue("disbursement_id", disbursement.id())
                .addKeyValue("kind", anomaly.kind())
                .addKeyValue("status", disbursement.status())
                .addKeyValue("source", cause.source().label())
                .addKeyValue("webhook_id", cause.partnerEventId().orElse(null))
                .addKeyValue("detail", anomaly.detail())
                .log();
    }

    @Override
    public void reconcileFailed(Disbursement disbursement, RuntimeException error) {
        log.atError().setMessage("reconcile failed")
                .addKeyValue("disbursement_id", disbursement.id())
                .addKeyValue("status", disbursement.status())
                .addKeyValue("err", error.toString())
                .setCause(error)
                .log();
    }

    /** Only a pass that leased something is worth a line. */
    @Override
    public void reconcilePassed(ReconcileReport report) {
        if (report.claimed() > 0) {
            log.atInfo().setMessage("reconcile pass")
                    .addKeyValue("claimed", report.claimed())
                    .addKeyValue("transitioned", report.transitioned())
                    .addKeyValue("unchanged", report.unchanged())
                    .addKeyValue("partner_unreachable", report.partnerUnreachable())
                    .addKeyValue("anomalies", report.anomalies())
                    .addKeyValue("skipped", report.skipped())
                    .addKeyValue("failed", report.failed())
                    .log();
        }
    }

    @Override
    public void reconcilePassFailed(RuntimeException error) {
        if (error instanceof StoreUnavailableException) {
            log.atWarn().setMessage("reconcile pass skipped").addKeyValue("err", error.getMessage()).log();
        } else {
            log.atError().setMessage("reconcile pass failed").setCause(error).log();
        }
    }

    private void count(String from, String to, String source) {
        transitions.computeIfAbsent(new TransitionKey(from, to, source), key -> Counter
                .builder("demozpay.disbursement.transitions")
                .description("Disbursement state changes by from, to and source")
                .tag("from", key.from())
                .tag("to", key.to())
                .tag("source", key.source())
                .register(registry))
                .increment();
    }

    private record TransitionKey(String from, String to, String source) {
    }
}
