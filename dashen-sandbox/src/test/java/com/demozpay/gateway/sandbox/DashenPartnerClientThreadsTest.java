package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.testing.TestDisbursements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client runs its calls on threads it owns and stops them on close. On a machine with two CPUs or
 * fewer, anything left to the common fork-join pool would start a new thread per call.
 */
class DashenPartnerClientThreadsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int SLOTS = 4;

    private DashenSandbox sandbox;
    private DashenPartnerClient client;

    @BeforeEach
    void start() {
        sandbox = DashenSandbox.start(SandboxSettings.defaults(TestKeys.published())
                .withDelays(Duration.ofMinutes(1), Duration.ofMinutes(1)), new SandboxFaults());
        client = new DashenPartnerClient(new DashenSettings(sandbox.baseUrl(), TestKeys.published(), TIMEOUT, TIMEOUT,
                SLOTS, true), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    @Test
    void manyCallsStartNoThreadPerCall() {
        // given a client that has made a few calls (its pools and the sandbox's threads exist)
        for (int i = 0; i < 10; i++) {
            assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOf(PartnerOutcome.Accepted.class);
        }
        long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        // when it makes fifty more
        for (int i = 0; i < 50; i++) {
            assertThat(client.submit(TestDisbursements.disbursement())).isInstanceOf(PartnerOutcome.Accepted.class);
        }

        // then at most a handful of threads started in this whole JVM, not one per call
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
        assertThat(started).isLessThan(10);
    }

    @Test
    void closedClientSendsNothing() {
        // given
        client.close();

        // when
        PartnerOutcome outcome = client.submit(TestDisbursements.disbursement());

        // then
        assertThat(outcome).isInstanceOf(PartnerOutcome.NotReceived.class);
        assertThat(sandbox.totalSubmits()).isZero();
    }
}
