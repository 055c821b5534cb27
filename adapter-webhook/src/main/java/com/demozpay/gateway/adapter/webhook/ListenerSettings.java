package com.demozpay.gateway.adapter.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an HTTP listener binds and how much it lets a client hold: {@code readTimeout} bounds the wait
 * for the next bytes of a request (headers, body, or a new request on an idle connection) and for a
 * client to take the answer, so a slow or stuck client is cut off; {@code workerThreads} bounds the
 * threads that run blocking work. Port 0 binds an ephemeral port.
 */
public record ListenerSettings(String host, int port, Duration readTimeout, int workerThreads) {

    public ListenerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535");
        }
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("read timeout must be positive and under 24 days");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("worker threads must be at least 1");
        }
    }
}
