package com.demozpay.gateway.ports;

import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The built-in scheduler of {@link DisbursementGateway#startReconciling}: runs the reconciler every
 * {@code interval}, ±20% so that replicas started together drift apart, on one daemon thread of its own.
 * Leases in the store already keep two replicas off one disbursement; the jitter only spreads the load.
 * Each pass is reported to the observer; a failing pass is reported and the next one runs as usual.
 */
final class ReconcilerLoop implements AutoCloseable {

    private final ReconcileStaleDisbursementsUseCase reconciler;
    private final Duration interval;
    private final DisbursementObserver observer;
    private final ScheduledThreadPoolExecutor scheduler = newScheduler();

    ReconcilerLoop(ReconcileStaleDisbursementsUseCase reconciler, Duration interval, DisbursementObserver observer) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the reconcile interval must be positive");
        }
        this.reconciler = reconciler;
        this.interval = interval;
        this.observer = observer;
    }

    void start() {
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
            observer.reconcilePassed(reconciler.reconcileOnce());
        } catch (RuntimeException e) {
            observer.reconcilePassFailed(e);
        } finally {
            try {
                scheduleNext();
            } catch (RejectedExecutionException shuttingDown) {
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
