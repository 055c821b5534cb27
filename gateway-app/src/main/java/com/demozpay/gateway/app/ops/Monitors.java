package com.demozpay.gateway.app.ops;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic monitors (the readiness probe, the open-disbursement gauges) as separate tasks on
 * their own threads, so a slow summary query never delays the probe. A scheduled task that throws is
 * cancelled for good by the executor; each run is therefore guarded, and a failure is logged and the
 * next run happens as usual.
 */
public final class Monitors implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Monitors.class);

    private final ScheduledThreadPoolExecutor scheduler;
    private final Duration every;

    public Monitors(Duration every, int tasks) {
        AtomicInteger number = new AtomicInteger();
        this.every = every;
        this.scheduler = new ScheduledThreadPoolExecutor(tasks, runnable -> {
            Thread thread = new Thread(runnable, "monitors-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code task} every period from now on; a failing run never stops the later ones. */
    public void schedule(String name, Runnable task) {
        long millis = every.toMillis();
        scheduler.scheduleWithFixedDelay(() -> runGuarded(name, task), millis, millis, TimeUnit.MILLISECONDS);
    }

    private static void runGuarded(String name, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.atError().setMessage("monitor run failed").addKeyValue("monitor", name)
                    .addKeyValue("err", e.toString()).setCause(e).log();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
