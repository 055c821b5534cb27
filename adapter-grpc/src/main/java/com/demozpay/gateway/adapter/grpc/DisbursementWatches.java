package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.DisbursementEvent;
import com.demozpay.gateway.api.v1.WatchDisbursementsRequest;
import com.demozpay.gateway.ports.in.WatchDisbursementsUseCase;
import com.demozpay.gateway.ports.out.EventCursor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@code WatchDisbursements} streams of one server. A stream holds no gRPC call thread: it
 * reads the feed and sends on a small scheduler of its own, paced by the caller's flow control, so a
 * thousand idle watchers cost a thousand small objects and a query each per poll interval.
 * {@link #close()} ends every stream with UNAVAILABLE and the cursor to resume from (on another replica).
 */
public final class DisbursementWatches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DisbursementWatches.class);
    private static final int SCHEDULER_THREADS = 2;

    private final WatchDisbursementsUseCase watch;
    private final WatchSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Set<WatchStream> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public DisbursementWatches(WatchDisbursementsUseCase watch, WatchSettings settings) {
        this.watch = Objects.requireNonNull(watch, "watch");
        this.settings = Objects.requireNonNull(settings, "settings");
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS, task -> {
            Thread thread = new Thread(task, "grpc-watch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts a stream for this call; refuses it when the cursor is bad or the replica serves enough watchers. */
    void start(WatchDisbursementsRequest request, StreamObserver<DisbursementEvent> response) {
        if (closed) {
            response.onError(StatusMapper.watchEndedByShutdown(request.getAfterCursor()));
            return;
        }
        if (live.size() >= settings.maxWatchers()) {
            response.onError(StatusMapper.tooManyWatchers(settings.maxWatchers()));
            return;
        }
        EventCursor start;
        try {
            start = watch.startAfter(request.getAfterCursor());
        } catch (RuntimeException e) {
            response.onError(StatusMapper.toStatusException(e));
            return;
        }
        WatchStream stream = new WatchStream((ServerCallStreamObserver<DisbursementEvent>) response, watch, settings,
                start, live::remove);
        live.add(stream);
        log.atInfo().setMessage("watch started").addKeyValue("after_cursor", start.toString()).log();
        stream.start(scheduler);
    }

    /** How many streams are open now. */
    public int watcherCount() {
        return live.size();
    }

    @Override
    public void close() {
        closed = true;
        live.forEach(WatchStream::endForShutdown);
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
