package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciler every {@code interval}, ±20% so that replicas started together drift apart.
 * Claims in the store already keep two replicas off one disbursement; the jitter only spreads the load.
 * A failing pass is logged and the next one runs as usual.
 */
public final class ReconcilerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcilerLoop.class);

    private final ReconcileStaleDisbursementsUseCase reconciler;
    private final Duration interval;
    private final ScheduledThreadPoolExecutor scheduler = newScheduler();

    public ReconcilerLoop(ReconcileStaleDisbursementsUseCase reconciler, Duration interval) {
        this.reconciler = reconciler;
        this.interval = interval;
    }

    public void start() {
        scheduleNext();
    }

    private void scheduleNext() {
        if (scheduler.isShutdown()) {
            return;
        }
        long base = interval.toMillis();
        long delay = base + ThreadLocalRandom.current().nextLong(-base / 5, base / 5 + 1);
        scheduler.schedule(this::runOnce, Math.max(1, delay), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            ReconcileReport report = reconciler.reconcileOnce();
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
        } catch (StoreUnavailableException e) {
            log.atWarn().setMessage("reconcile pass skipped").addKeyValue("err", e.getMessage()).log();
        } catch (RuntimeException e) {
            log.atError().setMessage("reconcile pass failed").setCause(e).log();
        } finally {
            try {
                scheduleNext();
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // close() won the race: nothing more to run
            }
        }
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "reconciler");
            thread.setDaemon(true);
            return thread;
        });
        // By default a scheduled pass would still run after shutdown, and close() would wait for it.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    /** Stops scheduling and waits briefly for a pass under way to finish. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
