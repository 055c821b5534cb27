package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.Disbursement;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Observes every call once, when it ends: one access-log line ({@code rpc}, {@code status},
 * {@code duration_ms}, {@code disbursement_id} when the answer names one, {@code status_message} when
 * it is not OK) and one sample of the timer {@value #TIMER_NAME}, tagged by {@code method} and
 * {@code status}, with a percentile histogram. It never logs a request or a response body, so no
 * account number can reach the log. Install it outermost so that it also sees refused calls.
 */
public final class AccessLogInterceptor implements ServerInterceptor {

    /** In Prometheus form {@code demozpay_grpc_server_requests_seconds_bucket|count|sum}. */
    public static final String TIMER_NAME = "demozpay.grpc.server.requests";

    private static final Logger log = LoggerFactory.getLogger(AccessLogInterceptor.class);

    private final MeterRegistry registry;
    /**
     * Each timer once registered: a registry lookup per call builds and sorts the tags. The keys are the
     * server's methods times the status codes, as many as the registry would hold anyway.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public AccessLogInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        ObservedCall<ReqT, RespT> observed = new ObservedCall<>(call, System.nanoTime());
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(observed, headers)) {
            @Override
            public void onCancel() {
                observed.finish(abandoned());
                super.onCancel();
            }
        };
    }

    private record TimerKey(String method, Status.Code code) {
    }

    /** What the caller saw of a call it abandoned: its deadline passed, or it cancelled. */
    private static Status abandoned() {
        Deadline deadline = Context.current().getDeadline();
        return deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
    }

    private final class ObservedCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

        private final long startNanos;
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile String disbursementId;

        ObservedCall(ServerCall<ReqT, RespT> delegate, long startNanos) {
            super(delegate);
            this.startNanos = startNanos;
        }

        @Override
        public void sendMessage(RespT message) {
            if (message instanceof Disbursement disbursement) {
                disbursementId = disbursement.getId();
            }
            super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            // Once the caller has gone, whatever the service answers never reaches it.
            finish(isCancelled() ? abandoned() : status);
            super.close(status, trailers);
        }

        void finish(Status status) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            long nanos = System.nanoTime() - startNanos;
            String method = getMethodDescriptor().getFullMethodName();
            timers.computeIfAbsent(new TimerKey(method, status.getCode()), key -> Timer.builder(TIMER_NAME)
                    .description("gRPC calls served, by method and status code")
                    .tag("method", key.method())
                    .tag("status", key.code().name())
                    .publishPercentileHistogram()
                    .register(registry))
                    .record(nanos, TimeUnit.NANOSECONDS);
            LoggingEventBuilder line = log.atInfo().setMessage("grpc call")
                    .addKeyValue("rpc", method)
                    .addKeyValue("status", status.getCode().name())
                    .addKeyValue("duration_ms", Math.round(nanos / 1_000.0) / 1_000.0);
            if (disbursementId != null) {
                line.addKeyValue("disbursement_id", disbursementId);
            }
            if (!status.isOk() && status.getDescription() != null) {
                line.addKeyValue("status_message", status.getDescription());
            }
            line.log();
        }
    }
}
