package com.demozpay.gateway.adapter.dashen;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * One signed HTTP/1.1 exchange with the bank, over the JDK client, and what it came to. At most
 * {@code maxConcurrentCalls} exchanges run at once (which also bounds the connections: the JDK pool
 * has no limit of its own); a call that gets no slot within the connect timeout is not sent at all.
 * Failures are sorted by whether the request can have left: refused, unknown host, connect timeout
 * and a failed TLS handshake happen before any byte of it is written; anything later may have
 * reached the bank. An answer body over {@link #MAX_ANSWER_BYTES} is not read: the call counts as
 * answerless (a submit {@code Unknown}, a lookup {@code Unavailable}).
 *
 * <p>Each exchange is a blocking {@code send} on the caller's own thread, bounded twice: the request
 * timeout until the answer's headers, then {@link #BODY_GRACE} for its body ({@link BoundedBody}), which the
 * request timeout does not cover. The JDK's {@code sendAsync} would complete each call through the common
 * fork-join pool, which on two CPUs or fewer starts a new thread per task; the blocking {@code send} does
 * not, and the client's own completion work runs on a small pool of ours, which {@link #close()} stops.
 */
final class DashenHttp implements AutoCloseable {

    // Covers a body that trickles in after the headers, which the request timeout alone does not bound.
    static final Duration BODY_GRACE = Duration.ofSeconds(1);
    // Our answers are a few hundred bytes; anything near this is not the contract's answer.
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    // The JDK client's completion work is short and never blocks; two threads keep up with any call rate here.
    private static final int CLIENT_THREADS = 2;

    private final DashenSettings settings;
    private final Clock clock;
    private final HttpClient client;
    private final Semaphore slots;
    private final ExecutorService clientThreads;

    DashenHttp(DashenSettings settings, Optional<SSLContext> tls, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.clientThreads = Executors.newFixedThreadPool(CLIENT_THREADS, daemonThreads("dashen-http-client"));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientThreads);
        tls.ifPresent(builder::sslContext);
        this.client = builder.build();
        this.slots = new Semaphore(settings.maxConcurrentCalls(), true);
    }

    DashenReply exchange(String method, String path, byte[] body) {
        if (clientThreads.isShutdown()) {
            return new DashenReply.NotSent("the partner client is closed");
        }
        try {
            if (!slots.tryAcquire(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return new DashenReply.NotSent("too many calls to the bank in flight");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DashenReply.NotSent("interrupted before sending");
        }
        try {
            return send(signed(method, settings.resolve(path), body));
        } finally {
            slots.release();
        }
    }

    private DashenReply send(HttpRequest request) {
        // On the caller's thread: a thread of ours per exchange, handed the call and waited for, took 5 % of the
        // gateway's CPU under load (profiled). An interrupted send cancels the exchange.
        try {
            HttpResponse<byte[]> response = client.send(request, BoundedBody.handler(MAX_ANSWER_BYTES, BODY_GRACE));
            return new DashenReply.Answered(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DashenReply.MaybeSent("interrupted while waiting for the answer");
        } catch (IOException | RuntimeException e) {
            return failed(e);
        }
    }

    /** Stops the client's threads; a call still in flight ends by its timeouts. */
    @Override
    public void close() {
        clientThreads.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static DashenReply failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLargeException) {
                return new DashenReply.MaybeSent(t.getMessage());
            }
            if (t instanceof TimeoutException) {
                return new DashenReply.MaybeSent("answer body not complete within " + BODY_GRACE + " of its headers");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new DashenReply.NotSent("connect timeout: " + t.getMessage());
            }
            if (t instanceof HttpTimeoutException) {
                return new DashenReply.MaybeSent("no answer within the request timeout");
            }
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                    || t instanceof UnknownHostException || t instanceof SSLHandshakeException) {
                return new DashenReply.NotSent("not connected: " + failure);
            }
        }
        String kind = failure instanceof IOException ? "connection lost after sending: " : "failed after sending: ";
        return new DashenReply.MaybeSent(kind + failure);
    }

    private HttpRequest signed(String method, URI uri, byte[] body) {
        String requestId = UUID.randomUUID().toString();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] content = DashenSignatures.requestContent(requestId, timestamp, method, pathAndQuery, body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(DashenSignatures.REQUEST_ID_HEADER, requestId)
                .header(DashenSignatures.TIMESTAMP_HEADER, timestamp)
                .header(DashenSignatures.SIGNATURE_HEADER, DashenSignatures.sign(settings.signingKey(), content));
        if (body.length == 0) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
