package com.demozpay.gateway.adapter.dashen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Collects an answer body into memory up to a limit and a deadline, so a broken or hostile bank endpoint
 * cannot make us buffer an unbounded body or wait for one forever. Past the limit it stops reading
 * (cancelling the exchange) and fails with {@link TooLargeException}; a body not complete within its
 * time after the headers is cancelled the same way and fails with a {@link TimeoutException}.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer body went over the limit; nothing of it is read. */
    static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super("answer body larger than " + limit + " bytes");
        }
    }

    private final int limit;
    private final Duration within;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private BoundedBody(int limit, Duration within) {
        this.limit = limit;
        this.within = within;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit, Duration within) {
        return responseInfo -> new BoundedBody(limit, within);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        // The JDK's one delay-scheduler thread times it out; the timer is dropped once the body is complete.
        body.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).whenComplete((bytes, failure) -> {
            if (failure instanceof TimeoutException) {
                subscription.cancel();
            }
        });
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (collected.size() + buffer.remaining() > limit) {
                subscription.cancel();
                body.completeExceptionally(new TooLargeException(limit));
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            collected.writeBytes(bytes);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(collected.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
