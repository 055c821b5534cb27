package com.demozpay.gateway.adapter.dashen.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes: tests wait for events this way, never with bare sleeps. */
public final class Eventually {

    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private Eventually() {
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> until) {
        return await(probe, until, DEFAULT_DEADLINE);
    }

    public static <T> T await(Supplier<T> probe, Predicate<T> until, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        T value = probe.get();
        while (!until.test(value)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + deadline + "; last value: " + value);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
            value = probe.get();
        }
        return value;
    }
}
