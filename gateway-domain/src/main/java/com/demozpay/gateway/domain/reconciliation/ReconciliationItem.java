package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * One classified transfer: the bank's line and our holding (either may be absent) and a short reason.
 * Its amount, for the totals, is the bank's when the bank lists it, else ours, else none (a callback
 * alone does not tell us an amount we trust).
 */
public record ReconciliationItem(
        ReconciliationClass classification,
        String reference,
        Optional<StatementLine> bank,
        Optional<HeldTransfer> ours,
        String detail) {

    public ReconciliationItem {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(detail, "detail");
    }

    public Optional<Money> amount() {
        return bank.map(StatementLine::amount).or(() -> ours.map(HeldTransfer::amount));
    }
}
