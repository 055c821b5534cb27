package com.demozpay.gateway.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.PartnerHealth;
import com.demozpay.gateway.adapter.webhook.ReadinessReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final AtomicBoolean databaseAnswers = new AtomicBoolean(true);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Boolean> servingChanges = new ArrayList<>();
    private final Readiness readiness = new Readiness(databaseAnswers::get,
            PartnerHealth.recentCalls(Clock.systemUTC()), registry, servingChanges::add);

    @Test
    void reachableDatabaseMakesTheGatewayReady() {
        readiness.probe();

        assertThat(readiness.report()).isEqualTo(new ReadinessReport(true, Map.of("database", "up", "dashen", "up")));
        assertThat(databaseGauge()).isEqualTo(1.0);
        assertThat(servingChanges).containsExactly(true);
    }

    @Test
    void unreachableDatabaseMakesItUnreadyAndItRecoversByItselfWhenTheDatabaseIsBack() {
        readiness.probe();

        databaseAnswers.set(false);
        readiness.probe();
        ReadinessReport down = readiness.report();
        double gaugeWhileDown = databaseGauge();
        databaseAnswers.set(true);
        readiness.probe();

        assertThat(down.ready()).isFalse();
        assertThat(down.dependencies()).containsEntry("database", "down");
        assertThat(gaugeWhileDown).isZero();
        assertThat(readiness.ready()).isTrue();
        assertThat(databaseGauge()).isEqualTo(1.0);
        assertThat(servingChanges).containsExactly(true, false, true);
    }

    @Test
    void drainingKeepsTheGatewayUnreadyWhateverTheDatabaseSays() {
        readiness.probe();

        readiness.drain();
        readiness.probe();

        assertThat(readiness.report()).isEqualTo(new ReadinessReport(false,
                Map.of("database", "up", "dashen", "up", "gateway", "draining")));
        assertThat(servingChanges).containsExactly(true, false);
    }

    @Test
    void repeatedProbesWithTheSameAnswerPublishNoChange() {
        readiness.probe();
        readiness.probe();
        readiness.probe();

        assertThat(servingChanges).containsExactly(true);
    }

    private double databaseGauge() {
        return registry.get("demozpay.dependency.up").tag("dependency", "pg-gateway").gauge().value();
    }
}
