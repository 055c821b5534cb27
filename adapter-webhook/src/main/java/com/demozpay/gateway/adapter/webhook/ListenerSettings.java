package com.demozpay.gateway.adapter.webhook;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an HTTP listener binds and how much it lets a client hold: {@code readTimeout} bounds the wait
 * for the next bytes of a request (headers, body, or a new request on an idle connection) and for a
 * client to take the answer, so a slow or stuck client is cut off; {@code workerThreads} bounds the
 * threads that run blocking work; {@code maxConnections} bounds the connections open at once (beyond
 * it the listener stops accepting until some close), so a flood of idle connections cannot use up the
 * process's file descriptors, which the database pool and the gRPC server need too. Port 0 binds an
 * ephemeral port.
 */
public record ListenerSettings(String host, int port, Duration readTimeout, int workerThreads, int maxConnections) {

    /** Far above what the bank or an operator opens, far below a process's descriptor limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;

    /** Settings with {@link #DEFAULT_MAX_CONNECTIONS}. */
    public ListenerSettings(String host, int port, Duration readTimeout, int workerThreads) {
        this(host, port, readTimeout, workerThreads, DEFAULT_MAX_CONNECTIONS);
    }

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
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1");
        }
    }
}
