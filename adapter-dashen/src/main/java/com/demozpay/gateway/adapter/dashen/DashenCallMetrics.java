package com.demozpay.gateway.adapter.dashen;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's meters: {@code demozpay_partner_calls_total{operation, outcome}}, the
 * {@code demozpay_partner_call_duration_seconds} timer with the same tags,
 * {@code demozpay_partner_signature_rejected_total{operation}} (a 401 from the bank: our key is
 * wrong) and the {@code demozpay_dependency_up{dependency="dashen"}} gauge read from {@link PartnerHealth};
 * in Micrometer, or nowhere ({@link #NONE}).
 */
interface DashenCallMetrics {

    DashenCallMetrics NONE = new DashenCallMetrics() {
        @Override
        public void call(String operation, String outcome, Duration took) {
        }

        @Override
        public void signatureRejected(String operation) {
        }
    };

    void call(String operation, String outcome, Duration took);

    void signatureRejected(String operation);

    static DashenCallMetrics micrometer(MeterRegistry registry, PartnerHealth health) {
        return new Micrometer(registry, health);
    }

    /** The meters in a Micrometer registry. */
    final class Micrometer implements DashenCallMetrics {

        private final MeterRegistry registry;
        /** Registered once per operation and outcome (both closed sets): a registry lookup per call costs more. */
        private final Map<CallKey, CallMeters> calls = new ConcurrentHashMap<>();

        private Micrometer(MeterRegistry registry, PartnerHealth health) {
            this.registry = registry;
            Gauge.builder("demozpay.dependency.up", health, h -> h.isUp() ? 1 : 0)
                    .description("1 while the dependency answers, 0 while it is down")
                    .tag("dependency", "dashen")
                    .strongReference(true)
                    .register(registry);
        }

        @Override
        public void call(String operation, String outcome, Duration took) {
            CallMeters meters = calls.computeIfAbsent(new CallKey(operation, outcome), this::register);
            meters.count().increment();
            meters.duration().record(took);
        }

        private CallMeters register(CallKey key) {
            return new CallMeters(
                    Counter.builder("demozpay.partner.calls")
                            .description("Calls to the bank by operation and outcome class")
                            .tags("partner", "dashen", "operation", key.operation(), "outcome", key.outcome())
                            .register(registry),
                    Timer.builder("demozpay.partner.call.duration")
                            .description("Time from sending a call to the bank to its classified outcome")
                            .tags("partner", "dashen", "operation", key.operation(), "outcome", key.outcome())
                            .register(registry));
        }

        private record CallKey(String operation, String outcome) {
        }

        private record CallMeters(Counter count, Timer duration) {
        }

        @Override
        public void signatureRejected(String operation) {
            Counter.builder("demozpay.partner.signature.rejected")
                    .description("Answers 401 from the bank: our signing key or clock is wrong")
                    .tags("partner", "dashen", "operation", operation)
                    .register(registry)
                    .increment();
        }
    }
}
