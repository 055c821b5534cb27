package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sandbox bank is, as opposed to how it misbehaves ({@link SandboxFaults}): the loopback
 * port (0 picks a free one), the shared signing key, where callbacks go (none when empty), how long a
 * transfer stays PENDING and then ACCEPTED, the callback back-off (first delay, doubled per attempt)
 * and attempt limit, and the seed of every random choice.
 */
public record SandboxSettings(
        int port,
        DashenSigningKey signingKey,
        Optional<URI> webhookUrl,
        Duration acceptAfter,
        Duration completeAfter,
        Duration callbackRetryDelay,
        int callbackAttempts,
        long seed) {

    public SandboxSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(acceptAfter, "acceptAfter");
        Objects.requireNonNull(completeAfter, "completeAfter");
        Objects.requireNonNull(callbackRetryDelay, "callbackRetryDelay");
        if (callbackAttempts < 1) {
            throw new IllegalArgumentException("callback attempts must be at least 1");
        }
    }

    /** A free port, no callbacks, 1 s to accept, 2 s more to complete, callbacks retried 8 times from 1 s, seed 42. */
    public static SandboxSettings defaults(DashenSigningKey signingKey) {
        return new SandboxSettings(0, signingKey, Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 8, 42L);
    }

    public SandboxSettings withPort(int newPort) {
        return new SandboxSettings(newPort, signingKey, webhookUrl, acceptAfter, completeAfter, callbackRetryDelay,
                callbackAttempts, seed);
    }

    public SandboxSettings withWebhookUrl(URI url) {
        return new SandboxSettings(port, signingKey, Optional.of(url), acceptAfter, completeAfter, callbackRetryDelay,
                callbackAttempts, seed);
    }

    public SandboxSettings withDelays(Duration newAcceptAfter, Duration newCompleteAfter) {
        return new SandboxSettings(port, signingKey, webhookUrl, newAcceptAfter, newCompleteAfter, callbackRetryDelay,
                callbackAttempts, seed);
    }

    public SandboxSettings withCallbackRetry(Duration firstDelay, int attempts) {
        return new SandboxSettings(port, signingKey, webhookUrl, acceptAfter, completeAfter, firstDelay, attempts, seed);
    }

    public SandboxSettings withSeed(long newSeed) {
        return new SandboxSettings(port, signingKey, webhookUrl, acceptAfter, completeAfter, callbackRetryDelay,
                callbackAttempts, newSeed);
    }
}
