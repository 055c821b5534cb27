package com.demozpay.gateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something done in the background by polling with a deadline: tests never sleep blind. */
public final class Eventually {

    private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    private static final long EVERY_MILLIS = 20;

    private Eventually() {
    }

    /** Reads {@code probe} until {@code until} holds, within 5 s; returns the value that matched. */
    public static <T> T await(Supplier<T> probe, Predicate<? super T> until) {
        return await("condition", DEFAULT_DEADLINE, probe, until);
    }

    public static <T> T await(Supplier<T> probe, Predicate<? super T> until, Duration deadline) {
        return await("condition", deadline, probe, until);
    }

    /**
     * Reads {@code probe} until {@code until} holds and returns that value; after {@code deadline}, fails
     * naming {@code what} and the last value read.
     */
    public static <T> T await(String what, Duration deadline, Supplier<T> probe, Predicate<? super T> until) {
        Instant end = Instant.now().plus(deadline);
        T value = probe.get();
        while (!until.test(value)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + deadline + ": " + what + "; last seen: " + value);
            }
            pause();
            value = probe.get();
        }
        return value;
    }

    /** Runs {@code assertion} until it passes; after {@code deadline}, its last failure is thrown. */
    public static void within(Duration deadline, Runnable assertion) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (Instant.now().isAfter(end)) {
                    throw e;
                }
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(EVERY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
