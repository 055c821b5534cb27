package com.demozpay.gateway.app.statement;

import com.demozpay.gateway.adapter.dashen.DashenAmounts;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.domain.reconciliation.ReconciliationItem;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase.StoredReconciliation;
import com.demozpay.gateway.ports.in.RecoverFromStatementUseCase.RecoveryReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;

/**
 * What {@code reconcile} and {@code recover} print: a table for people, or with {@code --json} one JSON
 * document on one line for scripts. Amounts are ETB with two decimals ({@code "150.00"}); transfers in
 * another currency are counted apart, never added to ETB.
 */
public final class StatementReport {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream out;

    public StatementReport(PrintStream out) {
        this.out = out;
    }

    public void reconciliation(StoredReconciliation run, String origin, boolean json) {
        Reconciliation result = run.reconciliation();
        Map<ReconciliationClass, Reconciliation.Total> totals = result.totals();
        if (json) {
            ObjectNode root = mapper.createObjectNode().put("statement_date", result.day().toString())
                    .put("run_id", run.runId()).put("origin", origin)
                    .put("discrepancies", result.discrepancyCount());
            ObjectNode byClass = root.putObject("totals");
            totals.forEach((c, t) -> byClass.putObject(c.name()).put("count", t.count())
                    .put("amount_etb", etb(t.etbMinor())).put("other_currency", t.otherCurrency()));
            ArrayNode items = root.putArray("items");
            result.items().forEach(item -> items.add(item(item)));
            print(root);
            return;
        }
        out.printf("Statement reconciliation of %s (run %d, %s)%n", result.day(), run.runId(), origin);
        out.printf("%-16s %7s %16s%n", "class", "count", "amount (ETB)");
        totals.forEach((c, t) -> out.printf("%-16s %7d %16s%s%n", c, t.count(), etb(t.etbMinor()),
                t.otherCurrency() > 0 ? "  (+" + t.otherCurrency() + " in other currencies)" : ""));
        out.printf("%d discrepancies%n", result.discrepancyCount());
        result.items().stream().filter(i -> i.classification().isDiscrepancy()).forEach(i -> out.printf(
                "%-16s %-36s %s%n", i.classification(), i.reference(), i.detail()));
    }

    public void recovery(RecoveryReport report, boolean json) {
        if (json) {
            ObjectNode root = mapper.createObjectNode().put("statement_date", report.day().toString())
                    .put("lines", report.lines()).put("already_held", report.alreadyHeld());
            ArrayNode recovered = root.putArray("recovered");
            report.recovered().forEach(t -> recovered.addObject().put("disbursement_id", t.id().toString())
                    .put("transfer_id", t.transferId().value()).put("amount", amount(t.amount()))
                    .put("currency", t.amount().currency()).put("status", t.status().name()));
            ArrayNode notOurs = root.putArray("not_ours");
            report.notOurs().forEach(notOurs::add);
            print(root);
            return;
        }
        out.printf("Recovery from the statement of %s: %d lines, %d recovered, %d already held, %d not ours%n",
                report.day(), report.lines(), report.recovered().size(), report.alreadyHeld(), report.notOurs().size());
        for (RecoveredTransfer t : report.recovered()) {
            out.printf("recovered  %s  %s %s  %s  bank transfer %s%n", t.id(), amount(t.amount()),
                    t.amount().currency(), t.status(), t.transferId());
        }
        report.notOurs().forEach(reference -> out.printf("not ours   %s  (run reconcile: UNKNOWN_TO_US)%n", reference));
    }

    private ObjectNode item(ReconciliationItem item) {
        ObjectNode node = mapper.createObjectNode().put("class", item.classification().name())
                .put("reference", item.reference()).put("detail", item.detail());
        item.bank().ifPresent(line -> node.putObject("bank").put("transfer_id", line.transferId().value())
                .put("amount", amount(line.amount())).put("currency", line.amount().currency())
                .put("status", line.status().name()).put("value_date", line.valueDate().toString()));
        item.ours().ifPresent(held -> ours(node.putObject("ours"), held));
        return node;
    }

    private static void ours(ObjectNode node, HeldTransfer held) {
        node.put("amount", amount(held.amount())).put("currency", held.amount().currency())
                .put("status", held.status().name()).put("recovered", held.recovered());
    }

    private static String amount(Money money) {
        return DashenAmounts.toDecimal(money.amountMinor());
    }

    private static String etb(long minor) {
        return DashenAmounts.toDecimal(minor);
    }

    private void print(ObjectNode root) {
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
