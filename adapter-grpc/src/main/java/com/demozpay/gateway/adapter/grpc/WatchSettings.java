package com.demozpay.gateway.adapter.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code WatchDisbursements} streams are served: how often each one reads the feed, how many events
 * it holds at most ({@code batchSize}, the bound on its memory besides gRPC's own flow-control buffer),
 * how long a quiet stream waits before a keepalive event, how long a watcher may take nothing while
 * events wait for it before it is cut, and how many watchers one replica serves at once.
 */
public record WatchSettings(Duration pollInterval, int batchSize, Duration keepaliveInterval, Duration stalledCutAfter,
        int maxWatchers) {

    public static final WatchSettings DEFAULTS = new WatchSettings(Duration.ofMillis(500), 100, Duration.ofSeconds(15),
            Duration.ofSeconds(30), 1_000);

    public WatchSettings {
        requirePositive(pollInterval, "pollInterval");
        requirePositive(keepaliveInterval, "keepaliveInterval");
        requirePositive(stalledCutAfter, "stalledCutAfter");
        if (batchSize < 1 || maxWatchers < 1) {
            throw new IllegalArgumentException("batchSize and maxWatchers must be at least 1");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
