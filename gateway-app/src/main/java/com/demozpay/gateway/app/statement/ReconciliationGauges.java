package com.demozpay.gateway.app.statement;

import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.ports.out.ReconciliationStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code demozpay_reconciliation_discrepancies{class}}: the discrepancies per class of the latest stored
 * statement reconciliation, whichever replica or command ran it. Read from the database on a schedule,
 * as {@code OpenDisbursementGauges} is, so a scrape never waits for it; 0 before any run.
 */
public final class ReconciliationGauges {

    private final ReconciliationStore store;
    private volatile Map<ReconciliationClass, Integer> latest = new EnumMap<>(ReconciliationClass.class);

    public ReconciliationGauges(ReconciliationStore store, MeterRegistry registry) {
        this.store = store;
        for (ReconciliationClass c : ReconciliationClass.values()) {
            if (c.isDiscrepancy()) {
                Gauge.builder("demozpay.reconciliation.discrepancies", () -> latest.getOrDefault(c, 0))
                        .description("Discrepancies of the latest statement reconciliation, by class")
                        .tag("class", c.name())
                        .register(registry);
            }
        }
    }

    /** Reads the latest run again; keeps the last numbers when the database cannot answer. */
    public void refresh() {
        try {
            latest = store.latestCounts();
        } catch (StoreUnavailableException unavailable) {
            // readiness reports the outage; stale gauges are better than none
        }
    }
}
