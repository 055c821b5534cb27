package com.demozpay.gateway.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * How long and how hard a chaos run goes, from system properties (the module's pom passes the CI values;
 * docs/testing.md shows the soak mode): {@code chaos.seed} (a number, or {@code random}),
 * {@code chaos.duration} (the chaos phase: {@code 45s}, {@code 30m}), {@code chaos.payments} (at most
 * this many payments), {@code chaos.callers} (concurrent callers), {@code chaos.drain} (the bounded wait
 * for reconcilers to finish once the faults stop).
 */
record ChaosSettings(long seed, Duration duration, int payments, int callers, Duration drain) {

    ChaosSettings {
        if (duration.isNegative() || duration.isZero() || payments < 1 || callers < 1 || drain.isNegative()) {
            throw new IllegalArgumentException("chaos settings out of range: " + duration + ", " + payments
                    + " payments, " + callers + " callers, drain " + drain);
        }
    }

    static ChaosSettings fromSystemProperties() {
        String seed = System.getProperty("chaos.seed", "random");
        return new ChaosSettings(
                seed.equals("random") ? System.nanoTime() : Long.parseLong(seed),
                duration(System.getProperty("chaos.duration", "60s")),
                Integer.parseInt(System.getProperty("chaos.payments", "1000")),
                Integer.parseInt(System.getProperty("chaos.callers", "4")),
                duration(System.getProperty("chaos.drain", "90s")));
    }

    /** {@code 500ms}, {@code 45s}, {@code 30m}, {@code 2h}, or ISO-8601 ({@code PT45S}). */
    static Duration duration(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("pt")) {
            return Duration.parse(text.strip());
        }
        if (lower.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
        }
        long amount = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration such as 45s, 30m or 2h");
        };
    }

    /** The Maven command line that replays this run. */
    String replayCommand() {
        return "./mvnw -B -pl gateway-chaos -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dit.test=ChaosIT -Dfailsafe.failIfNoSpecifiedTests=false"
                + " -Dchaos.seed=" + seed + " -Dchaos.duration=" + duration.toSeconds() + "s -Dchaos.payments=" + payments;
    }
}
