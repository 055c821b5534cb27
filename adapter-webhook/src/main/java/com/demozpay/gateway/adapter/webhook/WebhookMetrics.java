package com.demozpay.gateway.adapter.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The webhook's meters: a counter of answers and a latency histogram, both tagged by outcome. Every
 * outcome is registered up front, so a rate alert sees 0 rather than no series.
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<WebhookAnswer, Counter> answers = new EnumMap<>(WebhookAnswer.class);
    private final Map<WebhookAnswer, Timer> durations = new EnumMap<>(WebhookAnswer.class);

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WebhookAnswer answer : WebhookAnswer.values()) {
            answers.put(answer, Counter.builder("demozpay.webhook.callbacks")
                    .description("Answers given to the bank's callbacks, by outcome")
                    .tag("outcome", answer.label())
                    .register(registry));
            durations.put(answer, Timer.builder("demozpay.webhook.requests")
                    .description("Time from a callback's headers to its answer, by outcome")
                    .tag("outcome", answer.label())
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void answered(WebhookAnswer answer, Timer.Sample started) {
        answers.get(answer).increment();
        started.stop(durations.get(answer));
    }
}
