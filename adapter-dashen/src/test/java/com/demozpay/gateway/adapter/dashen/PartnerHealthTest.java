package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.PartnerHealth.State;
import com.demozpay.gateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartnerHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T09:00:00Z"));
    private final PartnerHealth health = new PartnerHealth(clock, 4, Duration.ofMinutes(5));

    @Test
    void bankWithNoRecentCallsCountsAsUp() {
        assertThat(health.state()).isEqualTo(State.UP);
        assertThat(health.isUp()).isTrue();
    }

    @Test
    void failedLatestCallAmongMostlyFailuresIsDown() {
        health.record(true);
        health.record(false);
        health.record(false);

        assertThat(health.state()).isEqualTo(State.DOWN);
        assertThat(health.isUp()).isFalse();
    }

    @Test
    void answeredLatestCallAfterFailuresIsDegraded() {
        health.record(false);
        health.record(false);
        health.record(true);

        assertThat(health.state()).isEqualTo(State.DEGRADED);
        assertThat(health.isUp()).isTrue();
    }

    @Test
    void occasionalFailureAmongAnswersIsDegradedNotDown() {
        health.record(true);
        health.record(true);
        health.record(true);
        health.record(false);

        assertThat(health.state()).isEqualTo(State.DEGRADED);
    }

    @Test
    void failuresPushedOutOfTheWindowNoLongerCount() {
        health.record(false);
        health.record(false);
        for (int i = 0; i < 4; i++) {
            health.record(true);
        }

        assertThat(health.state()).isEqualTo(State.UP);
    }

    @Test
    void failuresOlderThanTheMaximumAgeAreForgotten() {
        health.record(false);
        clock.advance(Duration.ofMinutes(6));

        assertThat(health.state()).isEqualTo(State.UP);
    }
}
