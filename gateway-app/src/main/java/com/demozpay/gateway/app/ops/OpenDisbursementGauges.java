package com.demozpay.gateway.app.ops;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many disbursements wait in each non-final state and how old the oldest is: the two numbers that
 * show a stuck pipeline before anyone complains. Refreshed on a schedule from one cheap query rather
 * than at scrape time, so a slow database never slows a scrape.
 */
public final class OpenDisbursementGauges {

    private final DisbursementStore store;
    private final Clock clock;
    private volatile Map<DisbursementStatus, DisbursementStore.OpenStatusSummary> latest =
            new EnumMap<>(DisbursementStatus.class);

    public OpenDisbursementGauges(DisbursementStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        for (DisbursementStatus status : DisbursementStatus.values()) {
            if (status.isFinal()) {
                continue;
            }
            Gauge.builder("demozpay.disbursements.open", () -> count(status))
                    .description("Disbursements in a non-final state")
                    .tag("status", status.name())
                    .register(registry);
            Gauge.builder("demozpay.disbursements.oldest.age", () -> oldestAgeSeconds(status))
                    .description("Age of the oldest disbursement in a non-final state, 0 when there is none")
                    .baseUnit("seconds")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    /** Reads the summary again; keeps the last one when the database cannot answer. */
    public void refresh() {
        try {
            Map<DisbursementStatus, DisbursementStore.OpenStatusSummary> next = new EnumMap<>(DisbursementStatus.class);
            store.summarizeOpen().forEach(summary -> next.put(summary.status(), summary));
            latest = next;
        } catch (StoreUnavailableException unavailable) {
            // readiness reports the outage; stale gauges are better than none
        }
    }

    private double count(DisbursementStatus status) {
        DisbursementStore.OpenStatusSummary summary = latest.get(status);
        return summary == null ? 0 : summary.count();
    }

    private double oldestAgeSeconds(DisbursementStatus status) {
        DisbursementStore.OpenStatusSummary summary = latest.get(status);
        return summary == null ? 0 : Math.max(0, Duration.between(summary.oldestCreatedAt(), clock.instant()).toMillis() / 1000.0);
    }
}
