package com.demozpay.gateway.domain.reconciliation;

import com.demozpay.gateway.domain.DisbursementStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the bank's statement of a day with what we hold, and classifies every statement line, every
 * transfer we hold for that day and every unmatched callback exactly once. Pure: the caller gathers
 * what we hold (the day's disbursements, those the statement names, recovered transfers) and stores
 * the result.
 *
 * <p>The rules, in order: a reference only the bank holds is {@code UNKNOWN_TO_US}; different amounts
 * are {@code AMOUNT_MISMATCH} whatever the states; a final state of ours must equal the bank's
 * ({@code STATUS_MISMATCH} otherwise: FAILED here and COMPLETED there is money out that the platform may
 * pay again); a state of ours still moving is {@code PENDING} unless it equals the bank's. A transfer
 * the bank does not list is {@code MISSING_AT_BANK} if we hold it ACCEPTED or SETTLED, {@code MATCHED}
 * if FAILED (neither side moved money), {@code PENDING} otherwise.
 */
public final class StatementReconciliation {

    private StatementReconciliation() {
    }

    public static Reconciliation reconcile(Statement statement, List<HeldTransfer> held,
            List<UnmatchedCallback> unmatched) {
        Map<String, HeldTransfer> ours = new LinkedHashMap<>();
        held.forEach(h -> ours.putIfAbsent(h.reference(), h));
        Set<String> callbackReferences = new LinkedHashSet<>();
        unmatched.stream().map(UnmatchedCallback::reference).forEach(callbackReferences::add);

        List<ReconciliationItem> items = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (StatementLine line : statement.lines()) {
            listed.add(line.reference());
            HeldTransfer mine = ours.get(line.reference());
            items.add(mine == null ? unknown(line, callbackReferences.contains(line.reference())) : compare(line, mine));
        }
        for (HeldTransfer mine : ours.values()) {
            if (!listed.contains(mine.reference())) {
                items.add(notListed(mine));
            }
        }
        for (String reference : callbackReferences) {
            if (!listed.contains(reference) && !ours.containsKey(reference)) {
                items.add(new ReconciliationItem(ReconciliationClass.UNKNOWN_TO_US, reference, Optional.empty(),
                        Optional.empty(), "an unmatched callback in our inbox; not on the statement"));
            }
        }
        return new Reconciliation(statement.day(), items);
    }

    private static ReconciliationItem unknown(StatementLine line, boolean alsoCalledBack) {
        return new ReconciliationItem(ReconciliationClass.UNKNOWN_TO_US, line.reference(), Optional.of(line),
                Optional.empty(), "the bank lists " + bankName(line.status()) + " for a reference we do not hold"
                        + (alsoCalledBack ? "; its callbacks are unmatched in our inbox" : ""));
    }

    private static ReconciliationItem compare(StatementLine line, HeldTransfer mine) {
        ReconciliationClass classification;
        String detail;
        if (!line.amount().equals(mine.amount())) {
            classification = ReconciliationClass.AMOUNT_MISMATCH;
            detail = "the bank lists " + line.amount() + ", ours is " + mine.amount();
        } else if (line.status() == mine.status()) {
            classification = ReconciliationClass.MATCHED;
            detail = "both " + mine.status();
        } else if (mine.status().isFinal()) {
            classification = ReconciliationClass.STATUS_MISMATCH;
            detail = "ours is " + mine.status() + ", the bank lists " + bankName(line.status());
        } else {
            classification = ReconciliationClass.PENDING;
            detail = "ours is " + mine.status() + ", the bank lists " + bankName(line.status())
                    + "; the reconciler catches up";
        }
        return new ReconciliationItem(classification, line.reference(), Optional.of(line), Optional.of(mine), detail);
    }

    private static ReconciliationItem notListed(HeldTransfer mine) {
        ReconciliationClass classification = switch (mine.status()) {
            case ACCEPTED, SETTLED -> ReconciliationClass.MISSING_AT_BANK;
            case FAILED -> ReconciliationClass.MATCHED;
            case INITIATED, SUBMITTED -> ReconciliationClass.PENDING;
        };
        return new ReconciliationItem(classification, mine.reference(), Optional.empty(), Optional.of(mine),
                "ours is " + mine.status() + ", the bank lists nothing");
    }

    /** The bank's own word for a state, as on its statement. */
    static String bankName(DisbursementStatus status) {
        return switch (status) {
            case INITIATED, SUBMITTED -> "PENDING";
            case ACCEPTED -> "ACCEPTED";
            case SETTLED -> "COMPLETED";
            case FAILED -> "FAILED";
        };
    }
}
