package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.DisbursementEvent;
import com.demozpay.gateway.ports.in.WatchDisbursementsUseCase;
import com.demozpay.gateway.ports.out.EventCursor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watcher's stream. Each pump (every poll interval, and whenever the caller can take more) sends
 * what the caller's flow control lets through, and reads the next batch from the feed only once the
 * last one is sent: a slow watcher holds at most one batch here, and gRPC holds only what isReady()
 * allows. A watcher that takes nothing for {@code stalledCutAfter} while events wait is cut with
 * RESOURCE_EXHAUSTED naming its cursor. Every method that touches the observer holds this object's
 * lock, since a StreamObserver is not safe for concurrent use.
 */
final class WatchStream {

    private static final Logger log = LoggerFactory.getLogger(WatchStream.class);
    private static final int BATCHES_PER_PUMP = 10;

    private final ServerCallStreamObserver<DisbursementEvent> observer;
    private final WatchDisbursementsUseCase watch;
    private final WatchSettings settings;
    private final Consumer<WatchStream> onEnd;
    private final Queue<com.demozpay.gateway.ports.out.DisbursementEvent> pending = new ArrayDeque<>();
    private EventCursor lastSent;
    private long lastSentAt;
    private long stalledSince;
    private boolean stalled;
    private boolean ended;
    private ScheduledFuture<?> polling;

    WatchStream(ServerCallStreamObserver<DisbursementEvent> observer, WatchDisbursementsUseCase watch,
            WatchSettings settings, EventCursor start, Consumer<WatchStream> onEnd) {
        this.observer = observer;
        this.watch = watch;
        this.settings = settings;
        this.lastSent = start;
        this.onEnd = onEnd;
    }

    void start(ScheduledExecutorService scheduler) {
        observer.setOnCancelHandler(this::cancelled);
        observer.setOnReadyHandler(() -> {
            try {
                scheduler.execute(this::pump);
            } catch (RejectedExecutionException shuttingDown) {
                // The server is stopping and has ended this stream, or is about to.
            }
        });
        synchronized (this) {
            // The first event tells the caller where it stands, so that even a watcher that drops before
            // any change can resume without a gap.
            sendKeepalive();
            polling = scheduler.scheduleWithFixedDelay(this::pump, 0, settings.pollInterval().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    synchronized void pump() {
        if (ended) {
            return;
        }
        try {
            // A watcher catching up takes several batches in one pump, as long as it keeps up.
            for (int batch = 0; batch < BATCHES_PER_PUMP && observer.isReady(); batch++) {
                if (pending.isEmpty()) {
                    pending.addAll(watch.eventsAfter(lastSent, settings.batchSize()));
                }
                if (!sendWhileReady()) {
                    break;
                }
            }
            if (!pending.isEmpty()) {
                cutIfStalled();
            } else if (System.nanoTime() - lastSentAt >= settings.keepaliveInterval().toNanos() && observer.isReady()) {
                sendKeepalive();
            }
        } catch (RuntimeException e) {
            end(StatusMapper.watchFailed(e, lastSent));
        }
    }

    /** Sends pending events while the caller can take them; true when a full batch went and more may wait. */
    private boolean sendWhileReady() {
        int sent = 0;
        while (!pending.isEmpty() && observer.isReady()) {
            com.demozpay.gateway.ports.out.DisbursementEvent event = pending.remove();
            observer.onNext(DisbursementMessages.toMessage(event));
            lastSent = event.cursor();
            lastSentAt = System.nanoTime();
            stalled = false;
            sent++;
        }
        return pending.isEmpty() && sent == settings.batchSize();
    }

    synchronized void endForShutdown() {
        end(StatusMapper.watchEndedByShutdown(lastSent.toString()));
    }

    private void cutIfStalled() {
        long now = System.nanoTime();
        if (!stalled) {
            stalled = true;
            stalledSince = now;
        } else if (now - stalledSince >= settings.stalledCutAfter().toNanos()) {
            log.atWarn().setMessage("watcher cut for not reading")
                    .addKeyValue("cursor", lastSent.toString())
                    .addKeyValue("stalled_ms", settings.stalledCutAfter().toMillis())
                    .log();
            end(StatusMapper.watcherStalled(lastSent, settings.stalledCutAfter()));
        }
    }

    private void sendKeepalive() {
        observer.onNext(DisbursementEvent.newBuilder().setCursor(lastSent.toString()).build());
        lastSentAt = System.nanoTime();
    }

    private void end(StatusRuntimeException status) {
        if (ended) {
            return;
        }
        finish();
        if (!observer.isCancelled()) {
            observer.onError(status);
        }
    }

    private synchronized void cancelled() {
        if (!ended) {
            log.atInfo().setMessage("watch cancelled by caller").addKeyValue("cursor", lastSent.toString()).log();
            finish();
        }
    }

    private void finish() {
        ended = true;
        pending.clear();
        if (polling != null) {
            polling.cancel(false);
        }
        onEnd.accept(this);
    }
}
