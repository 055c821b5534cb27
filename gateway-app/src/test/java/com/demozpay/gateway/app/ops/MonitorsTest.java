package com.demozpay.gateway.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MonitorsTest {

    @Test
    void aThrowingGaugeRefreshNeverStopsTheReadinessProbe() throws InterruptedException {
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger refreshes = new AtomicInteger();
        try (Monitors monitors = new Monitors(Duration.ofMillis(10), 2)) {
            monitors.schedule("open_disbursement_gauges", () -> {
                refreshes.incrementAndGet();
                throw new IllegalStateException("summary query broke");
            });
            monitors.schedule("readiness", probes::incrementAndGet);

            Instant deadline = Instant.now().plusSeconds(5);
            while ((probes.get() < 5 || refreshes.get() < 5) && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
        }

        assertThat(refreshes).as("the failing task keeps being retried").hasValueGreaterThanOrEqualTo(5);
        assertThat(probes).as("readiness keeps being probed").hasValueGreaterThanOrEqualTo(5);
    }

    @Test
    void aSlowGaugeRefreshDoesNotHoldUpTheReadinessProbe() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        try (Monitors monitors = new Monitors(Duration.ofMillis(10), 2)) {
            monitors.schedule("open_disbursement_gauges", () -> {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            monitors.schedule("readiness", probes::incrementAndGet);

            Instant deadline = Instant.now().plusSeconds(5);
            while (probes.get() < 5 && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            release.countDown();
        }

        assertThat(probes).hasValueGreaterThanOrEqualTo(5);
    }
}
