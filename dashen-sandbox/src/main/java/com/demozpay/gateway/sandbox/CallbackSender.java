package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenSignatures;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sandbox bank's callbacks as a real bank would: signed by Standard Webhooks v1 (a fresh
 * timestamp and signature per attempt, the same {@code webhook-id} every time), re-sent with doubling
 * back-off on anything but 2xx, up to a bounded number of attempts.
 */
final class CallbackSender {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    /** One event, as sent on every attempt. */
    record Callback(String id, String type, String reference, byte[] body) {
    }

    private final SandboxSettings settings;
    private final SandboxFaults faults;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ATTEMPT_TIMEOUT).build();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();

    CallbackSender(SandboxSettings settings, SandboxFaults faults, ScheduledExecutorService scheduler, Clock clock) {
        this.settings = settings;
        this.faults = faults;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    Callback event(String type, SandboxTransfer transfer) {
        events.incrementAndGet();
        return new Callback("msg_" + UUID.randomUUID().toString().replace("-", ""), type, transfer.reference(),
                SandboxJson.callback(type, transfer, clock.instant()));
    }

    /**
     * Sends {@code callback} (twice in a row when {@code twice}), then runs {@code next} once the first
     * attempt of the last copy is over, so that a caller can order events.
     */
    void send(Callback callback, boolean twice, Runnable next) {
        Optional<URI> url = settings.webhookUrl();
        if (url.isEmpty() || faults.callbacksOff()) {
            lost.incrementAndGet();
            log.atInfo().setMessage("sandbox callback dropped").addKeyValue("webhook_id", callback.id())
                    .addKeyValue("type", callback.type()).addKeyValue("reference", callback.reference()).log();
            next.run();
            return;
        }
        Runnable afterFirst = twice ? () -> attempt(url.get(), callback, 1, next) : next;
        scheduler.execute(() -> attempt(url.get(), callback, 1, afterFirst));
    }

    CallbackStats stats() {
        return new CallbackStats(events.get(), attempts.get(), delivered.get(), lost.get(), givenUp.get());
    }

    private void attempt(URI url, Callback callback, int attempt, Runnable next) {
        int status = post(url, callback);
        log.atInfo().setMessage("sandbox callback sent").addKeyValue("webhook_id", callback.id())
                .addKeyValue("type", callback.type()).addKeyValue("reference", callback.reference())
                .addKeyValue("attempt", attempt).addKeyValue("http_status", status).log();
        if (status >= 200 && status < 300) {
            delivered.incrementAndGet();
        } else if (attempt < settings.callbackAttempts()) {
            scheduler.schedule(() -> attempt(url, callback, attempt + 1, () -> { }), backoff(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            givenUp.incrementAndGet();
        }
        next.run();
    }

    /** The HTTP status, or 0 when no answer came. */
    private int post(URI url, Callback callback) {
        attempts.incrementAndGet();
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] content = DashenSignatures.webhookContent(callback.id(), timestamp, callback.body());
        DashenSigningKey key = settings.signingKey();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(DashenSignatures.WEBHOOK_ID_HEADER, callback.id())
                .header(DashenSignatures.WEBHOOK_TIMESTAMP_HEADER, timestamp)
                .header(DashenSignatures.WEBHOOK_SIGNATURE_HEADER, DashenSignatures.sign(key, content))
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private Duration backoff(int attempt) {
        Duration delay = settings.callbackRetryDelay().multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
