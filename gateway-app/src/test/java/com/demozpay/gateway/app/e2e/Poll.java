package com.demozpay.gateway.app.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for something the gateway does in the background: poll with a deadline, never a bare sleep. */
final class Poll {

    private static final long EVERY_MILLIS = 100;

    private Poll() {
    }

    /** Reads {@code value} until it matches and returns it; fails with the last value read after {@code limit}. */
    static <T> T until(String what, Duration limit, Supplier<T> value, Predicate<? super T> matches) {
        Instant deadline = Instant.now().plus(limit);
        T last = value.get();
        while (!matches.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + limit + ": " + what + "; last seen: " + last);
            }
            pause();
            last = value.get();
        }
        return last;
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
