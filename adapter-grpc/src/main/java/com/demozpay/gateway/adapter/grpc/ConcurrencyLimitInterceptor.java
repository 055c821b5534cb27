package com.demozpay.gateway.adapter.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code limit} calls at once and answers the rest RESOURCE_EXHAUSTED straight away,
 * with a reason the caller can act on. Without it, a burst beyond the call executor's threads and
 * queue was refused by the executor and grpc-java reset the stream, which a client cannot tell from a
 * broken connection. A call counts from its start until it closes or is cancelled, whichever comes first.
 */
final class ConcurrencyLimitInterceptor implements ServerInterceptor {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    ConcurrencyLimitInterceptor(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the concurrency limit must be at least 1");
        }
        this.limit = limit;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many calls in flight (limit " + limit
                    + "); retry after a short back-off with the same idempotency_key"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        ServerCall<Q, A> counted = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run();
                super.close(status, trailers);
            }
        };
        try {
            return new SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
                @Override
                public void onCancel() {
                    release.run();
                    super.onCancel();
                }

                @Override
                public void onComplete() {
                    release.run();
                    super.onComplete();
                }
            };
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}
