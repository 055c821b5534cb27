package com.demozpay.gateway.adapter.dashen;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How the bank has been answering lately, for the readiness page and the
 * {@code demozpay_dependency_up{dependency="dashen"}} gauge. It looks at the last calls (at most
 * {@code window} of them, none older than {@code maxAge}): a call counts as answered when the bank
 * gave a usable answer (accepted, rejected, found, not found), as failed otherwise (not reached,
 * timeout, 429, 5xx, 401, unreadable). {@link State#DOWN} when the latest call failed and at least
 * half of the recent ones did; {@link State#DEGRADED} when any recent call failed; {@link State#UP}
 * otherwise, including when there were no recent calls (no evidence of trouble).
 */
public final class PartnerHealth {

    public enum State { UP, DEGRADED, DOWN }

    private record Sample(Instant at, boolean answered) {
    }

    private final Clock clock;
    private final int window;
    private final Duration maxAge;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public PartnerHealth(Clock clock, int window, Duration maxAge) {
        if (window < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("health window must hold at least one call over a positive age");
        }
        this.clock = clock;
        this.window = window;
        this.maxAge = maxAge;
    }

    /** The last 20 calls of the last 5 minutes. */
    public static PartnerHealth recentCalls(Clock clock) {
        return new PartnerHealth(clock, 20, Duration.ofMinutes(5));
    }

    synchronized void record(boolean answered) {
        samples.addLast(new Sample(clock.instant(), answered));
        while (samples.size() > window) {
            samples.removeFirst();
        }
    }

    public synchronized State state() {
        Instant oldest = clock.instant().minus(maxAge);
        samples.removeIf(sample -> sample.at().isBefore(oldest));
        if (samples.isEmpty()) {
            return State.UP;
        }
        long failed = samples.stream().filter(sample -> !sample.answered()).count();
        if (!samples.getLast().answered() && failed * 2 >= samples.size()) {
            return State.DOWN;
        }
        return failed > 0 ? State.DEGRADED : State.UP;
    }

    /** Whether the bank counts as up for the dependency gauge: UP or DEGRADED. */
    public boolean isUp() {
        return state() != State.DOWN;
    }
}
