package com.demozpay.gateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.chaos.Books.Row;
import com.demozpay.gateway.sandbox.SandboxProcess.LedgerEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The audit finds each broken promise, so a chaos run that passes has really checked the books. */
class AuditTest {

    private static final Payment FIRST = Payment.number(7, 0, false);
    private static final Payment SECOND = Payment.number(7, 1, false);

    @Test
    void agreeingBooksHaveNoFindings() {
        Books books = new Books(List.of(row("a", FIRST, "SETTLED"), row("b", SECOND, "FAILED")),
                List.of(transfer("a", FIRST, "COMPLETED"), transfer("b", SECOND, "FAILED")), List.of());

        assertThat(Audit.findings(List.of(FIRST, SECOND), answered(Map.of(FIRST, "a", SECOND, "b")), books)).isEmpty();
    }

    @Test
    void failedHereWhileTheBankCompletedIsFound() {
        Books books = new Books(List.of(row("a", FIRST, "FAILED")), List.of(transfer("a", FIRST, "COMPLETED")),
                List.of());

        assertThat(Audit.findings(List.of(FIRST), answered(Map.of(FIRST, "a")), books))
                .singleElement().asString().startsWith("FAILED here while the bank completed it");
    }

    @Test
    void aBeneficiaryPaidTwiceIsFound() {
        // given a second reference for the same payment: the bank holds two transfers to one account
        Books books = new Books(List.of(row("a", FIRST, "SETTLED")),
                List.of(transfer("a", FIRST, "COMPLETED"), transfer("z", FIRST, "COMPLETED")), List.of());

        assertThat(Audit.findings(List.of(FIRST), answered(Map.of(FIRST, "a")), books))
                .anyMatch(finding -> finding.contains("received 2 transfers"))
                .anyMatch(finding -> finding.startsWith("the bank holds a transfer for no disbursement of ours"));
    }

    @Test
    void aSettlementNotRecordedOrNotFinalIsFound() {
        Books books = new Books(List.of(row("a", FIRST, "ACCEPTED"), row("b", SECOND, "SETTLED")),
                List.of(transfer("a", FIRST, "COMPLETED"), transfer("b", SECOND, "FAILED")), List.of());

        assertThat(Audit.findings(List.of(FIRST, SECOND), answered(Map.of(FIRST, "a", SECOND, "b")), books))
                .anyMatch(finding -> finding.startsWith("not final"))
                .anyMatch(finding -> finding.startsWith("the bank completed it, not SETTLED here"))
                .anyMatch(finding -> finding.startsWith("SETTLED here while the bank did not complete it"));
    }

    @Test
    void aPaymentNeverAnsweredIsFound() {
        Books books = new Books(List.of(), List.of(), List.of());
        Map<Integer, LoadClient.Answer> answers = Map.of(FIRST.index(),
                new LoadClient.Answer(Optional.empty(), Optional.empty(), 12));

        assertThat(Audit.findings(List.of(FIRST), answers, books))
                .singleElement().asString().contains("never got an answer in 12 attempts");
    }

    @Test
    void anOpenAnomalyIsFound() {
        Books books = new Books(List.of(row("a", FIRST, "SETTLED")), List.of(transfer("a", FIRST, "COMPLETED")),
                List.of("CONFLICTING_FINAL on a (seen 3 times): the bank says FAILED"));

        assertThat(Audit.findings(List.of(FIRST), answered(Map.of(FIRST, "a")), books))
                .singleElement().asString().startsWith("anomaly raised: CONFLICTING_FINAL");
    }

    private static Row row(String id, Payment payment, String status) {
        return new Row(id, payment.key(), payment.productReference(), payment.account(), status,
                "FAILED".equals(status) ? "ACCOUNT_CLOSED" : null);
    }

    private static LedgerEntry transfer(String reference, Payment payment, String status) {
        return new LedgerEntry(reference, status, payment.account(), "150.00", 1,
                "FAILED".equals(status) ? "ACCOUNT_CLOSED" : null);
    }

    private static Map<Integer, LoadClient.Answer> answered(Map<Payment, String> ids) {
        return ids.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().index(),
                e -> new LoadClient.Answer(Optional.of(Disbursement.newBuilder().setId(e.getValue()).build()),
                        Optional.empty(), 1)));
    }
}
