package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.Money;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outcome of reconciling one day: every item, and per class how many and how much. */
public record Reconciliation(LocalDate day, List<ReconciliationItem> items) {

    /** How many items of a class, and their amounts in minor units of ETB (items in other currencies apart). */
    public record Total(int count, long etbMinor, int otherCurrency) {
    }

    public Reconciliation {
        Objects.requireNonNull(day, "day");
        items = List.copyOf(items);
    }

    /** Every class, with zero for those that have no item. */
    public Map<ReconciliationClass, Total> totals() {
        Map<ReconciliationClass, Total> totals = new EnumMap<>(ReconciliationClass.class);
        for (ReconciliationClass c : ReconciliationClass.values()) {
            totals.put(c, new Total(0, 0, 0));
        }
        for (ReconciliationItem item : items) {
            Total t = totals.get(item.classification());
            boolean etb = item.amount().map(Money::currency).map(Money.ETB::equals).orElse(true);
            long minor = etb ? item.amount().map(Money::amountMinor).orElse(0L) : 0;
            totals.put(item.classification(), new Total(t.count() + 1, Math.addExact(t.etbMinor(), minor),
                    t.otherCurrency() + (etb ? 0 : 1)));
        }
        return Collections.unmodifiableMap(totals);
    }

    public int discrepancyCount() {
        return (int) items.stream().filter(i -> i.classification().isDiscrepancy()).count();
    }

    public boolean hasDiscrepancies() {
        return discrepancyCount() > 0;
    }
}
