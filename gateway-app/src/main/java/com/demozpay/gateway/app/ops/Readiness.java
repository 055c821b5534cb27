package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.adapter.dashen.PartnerHealth;
import com.demozpay.gateway.adapter.webhook.ReadinessReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one readiness signal: ready exactly while the database answers and accepts writes (a standby
 * after a failover does not) and the gateway is not draining. {@code /readyz}, gRPC health and
 * {@code demozpay_dependency_up} all follow it. The bank's health is reported beside it but never makes
 * the gateway unready: callbacks and status reads still work, and submits classify a bank outage
 * correctly on their own. (The partner client publishes its own
 * {@code demozpay_dependency_up{dependency="dashen"}}.)
 */
public final class Readiness {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final BooleanSupplier databaseProbe;
    private final PartnerHealth partnerHealth;
    private final Consumer<Boolean> onChange;
    private volatile boolean databaseUp;
    private volatile boolean draining;
    private volatile boolean lastReady;

    public Readiness(BooleanSupplier databaseProbe, PartnerHealth partnerHealth, MeterRegistry registry,
            Consumer<Boolean> onChange) {
        this.databaseProbe = databaseProbe;
        this.partnerHealth = partnerHealth;
        this.onChange = onChange;
        Gauge.builder("demozpay.dependency.up", () -> databaseUp ? 1 : 0)
                .description("1 while the dependency answers, 0 otherwise")
                .tag("dependency", "pg-gateway")
                .register(registry);
    }

    /** Probes the database once and publishes any change. Called on a schedule. */
    public void probe() {
        boolean up = databaseProbe.getAsBoolean();
        if (up != databaseUp) {
            databaseUp = up;
            if (up) {
                log.atInfo().setMessage("database reachable").addKeyValue("dependency", "pg-gateway").log();
            } else {
                log.atError().setMessage("database unreachable").addKeyValue("dependency", "pg-gateway").log();
            }
        }
        publish();
    }

    /** Readiness goes down for good: the first step of a graceful shutdown. */
    public void drain() {
        draining = true;
        publish();
    }

    public boolean ready() {
        return databaseUp && !draining;
    }

    public ReadinessReport report() {
        Map<String, String> dependencies = new LinkedHashMap<>();
        dependencies.put("database", databaseUp ? "up" : "down");
        dependencies.put("dashen", partnerHealth.state().name().toLowerCase(java.util.Locale.ROOT));
        if (draining) {
            dependencies.put("gateway", "draining");
        }
        return new ReadinessReport(ready(), dependencies);
    }

    private synchronized void publish() {
        boolean ready = ready();
        if (ready != lastReady) {
            lastReady = ready;
            onChange.accept(ready);
        }
    }
}
