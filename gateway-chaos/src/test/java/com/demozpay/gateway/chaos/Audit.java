package com.demozpay.gateway.chaos;

import com.demozpay.gateway.chaos.Books.Row;
import com.demozpay.gateway.sandbox.SandboxProcess.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two promises checked against both sets of books once the chaos is over: money is never paid
 * twice, and a settlement is never lost. Each finding names the payment, the disbursement row and
 * the bank's transfer, so that a failed run says exactly what went wrong.
 */
final class Audit {

    private Audit() {
    }

    static List<String> findings(List<Payment> payments, Map<Integer, LoadClient.Answer> answers, Books books) {
        List<String> findings = new ArrayList<>();
        Map<String, Row> rows = books.rowsById();
        Map<String, LedgerEntry> transfers = books.transfersByReference();

        for (Row row : books.rows()) {
            LedgerEntry transfer = transfers.get(row.id());
            if (!row.isFinal()) {
                findings.add("not final: " + row + ", bank: " + transfer);
            }
            if ("SETTLED".equals(row.status()) && (transfer == null || !transfer.completed())) {
                findings.add("SETTLED here while the bank did not complete it: " + row + ", bank: " + transfer);
            }
        }
        for (LedgerEntry transfer : books.transfers()) {
            Row row = rows.get(transfer.reference());
            if (row == null) {
                findings.add("the bank holds a transfer for no disbursement of ours: " + transfer);
            } else if (transfer.completed() && !"SETTLED".equals(row.status())) {
                findings.add(("FAILED".equals(row.status()) ? "FAILED here while the bank completed it: "
                        : "the bank completed it, not SETTLED here: ") + row + ", bank: " + transfer);
            }
            if (!"150.00".equals(transfer.amount())) {
                findings.add("the bank holds another amount: " + transfer);
            }
        }
        transfers.values().stream().collect(Collectors.groupingBy(LedgerEntry::creditAccount)).forEach((account, paid) -> {
            if (paid.size() > 1) {
                findings.add("beneficiary ending " + account.substring(account.length() - 8) + " received "
                        + paid.size() + " transfers: " + paid);
            }
        });
        books.rows().stream().collect(Collectors.groupingBy(Row::productReference)).forEach((reference, same) -> {
            if (same.size() > 1) {
                findings.add("product reference " + reference + " has " + same.size() + " disbursements: " + same);
            }
        });
        for (Payment payment : payments) {
            findings.addAll(paymentFindings(payment, answers.get(payment.index()), books));
        }
        books.anomalies().forEach(anomaly -> findings.add("anomaly raised: " + anomaly));
        return findings;
    }

    private static List<String> paymentFindings(Payment payment, LoadClient.Answer answer, Books books) {
        List<String> findings = new ArrayList<>();
        var row = books.rowForKey(payment.key());
        if (answer == null) {
            return findings; // never sent: the run ended first
        }
        answer.refusal().ifPresent(refusal -> findings.add("payment " + payment.key() + " refused with "
                + refusal.getStatus().getCode() + ": " + refusal.getStatus().getDescription()));
        answer.disbursement().ifPresent(answered -> {
            if (row.isEmpty() || !row.get().id().equals(answered.getId())) {
                findings.add("payment " + payment.key() + " was answered with disbursement " + answered.getId()
                        + " but the books hold " + row);
            }
        });
        if (answer.disbursement().isEmpty() && answer.refusal().isEmpty()) {
            findings.add("payment " + payment.key() + " never got an answer in " + answer.attempts() + " attempts; row: " + row);
        }
        if (payment.refusedByTheBank() && row.isPresent() && !"FAILED".equals(row.get().status())) {
            findings.add("payment " + payment.key() + " to an account the bank refuses is " + row.get().status());
        }
        return findings;
    }
}
