package com.demozpay.gateway.adapter.postgres;

import java.time.Duration;

/**
 * Polls an assertion until it holds or a deadline passes; tests wait this way, never by sleeping blind.
 * Shipped in the test jar for the app's end-to-end tests.
 */
public final class Eventually {

    private Eventually() {
    }

    public static void within(Duration deadline, Runnable assertion) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
