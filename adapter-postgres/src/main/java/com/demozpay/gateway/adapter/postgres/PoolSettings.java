package com.demozpay.gateway.adapter.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How the connection pool behaves. {@code connectionTimeout} bounds both the wait for a free
 * connection and opening a new one (so a call fails with "unavailable" within about that time when
 * the database is down); {@code socketTimeout} bounds the wait for any one answer from the server, so
 * a server that stops answering without closing the connection cannot hang a call for ever.
 */
public record PoolSettings(int maxSize, Duration connectionTimeout, Duration socketTimeout) {

    /** The fewest connections a pool may hold: Flyway holds two at once while it migrates. */
    public static final int MIN_SIZE = 2;
    /** The most connections one pool may hold. */
    public static final int MAX_SIZE = 50;

    public PoolSettings {
        if (maxSize < MIN_SIZE || maxSize > MAX_SIZE) {
            throw new IllegalArgumentException("pool max size must be from " + MIN_SIZE + " to " + MAX_SIZE);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("pool connection timeout must be at least 250 ms");
        }
        if (socketTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("pool socket timeout must be at least 1 s");
        }
    }

    /** Ten connections, 5 s to get one, 30 s for any answer. */
    public static PoolSettings defaults() {
        return new PoolSettings(10, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
