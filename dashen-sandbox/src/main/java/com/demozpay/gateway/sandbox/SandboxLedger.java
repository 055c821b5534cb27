package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenAmounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The sandbox bank's books: transfers by reference, de-duplication, the refusal rules, and a count
 * of every submit received per reference (so a test can prove nothing was sent twice).
 */
final class SandboxLedger {

    /** What became of one submit. */
    sealed interface Submitted {
        record Created(SandboxTransfer transfer) implements Submitted {
        }

        record Repeated(SandboxTransfer transfer) implements Submitted {
        }

        record Conflict() implements Submitted {
        }

        record Refused(String code, String message) implements Submitted {
        }
    }

    private final Map<String, SandboxTransfer> transfers = new HashMap<>();
    private final Map<String, Integer> submits = new HashMap<>();

    synchronized void countSubmit(String reference) {
        submits.merge(reference, 1, Integer::sum);
    }

    /** Records a new order; the same order again is a repeat; other content under a known reference is a conflict. */
    synchronized Submitted submit(SandboxTransfer.Order order, SandboxFaults faults) {
        SandboxTransfer known = transfers.get(order.reference());
        if (known != null) {
            return known.order().equals(order) ? new Submitted.Repeated(known) : new Submitted.Conflict();
        }
        Optional<Submitted.Refused> refusal = refusal(order, faults);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        SandboxTransfer created = SandboxTransfer.pending(order, "TRF-" + UUID.randomUUID());
        transfers.put(order.reference(), created);
        return new Submitted.Created(created);
    }

    synchronized Optional<SandboxTransfer> find(String reference) {
        return Optional.ofNullable(transfers.get(reference));
    }

    synchronized SandboxTransfer update(String reference, UnaryOperator<SandboxTransfer> change) {
        return transfers.computeIfPresent(reference, (ref, transfer) -> change.apply(transfer));
    }

    synchronized int submitsFor(String reference) {
        return submits.getOrDefault(reference, 0);
    }

    synchronized int totalSubmits() {
        return submits.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int distinctTransfers() {
        return transfers.size();
    }

    /** Every transfer held, in no particular order: a snapshot. */
    synchronized List<SandboxTransfer> all() {
        return List.copyOf(transfers.values());
    }

    private static Optional<Submitted.Refused> refusal(SandboxTransfer.Order order, SandboxFaults faults) {
        if (!"ETB".equals(order.currency())) {
            return Optional.of(new Submitted.Refused("UNSUPPORTED_CURRENCY", "only ETB is disbursed"));
        }
        long amountMinor = DashenAmounts.toMinor(order.amount());
        if (amountMinor <= 0) {
            return Optional.of(new Submitted.Refused("INVALID_AMOUNT", "amount must be greater than 0.00"));
        }
        if (amountMinor > faults.limitMinor()) {
            return Optional.of(new Submitted.Refused("LIMIT_EXCEEDED", "amount is above the transfer limit"));
        }
        return faults.rejectRules().stream()
                .filter(rule -> order.creditAccount().endsWith(rule.suffix()))
                .findFirst()
                .map(rule -> new Submitted.Refused(rule.code(), "account refused by rule *" + rule.suffix()));
    }
}
