package com.demozpay.gateway.domain.reconciliation;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatementReconciliationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final DisbursementId ID = new DisbursementId(UUID.fromString("5d1c2a36-0d0e-5a55-9c3e-1f2b3c4d5e6f"));

    private static StatementLine line(String reference, long minor, DisbursementStatus status) {
        return new StatementLine(reference, new PartnerReference("TRF-" + reference), Money.etb(minor), status,
                Optional.empty(), DAY);
    }

    private static HeldTransfer held(long minor, DisbursementStatus status) {
        return new HeldTransfer(ID, Money.etb(minor), status, false);
    }

    private static ReconciliationItem only(Reconciliation reconciliation) {
        assertThat(reconciliation.items()).hasSize(1);
        return reconciliation.items().get(0);
    }

    private static Reconciliation reconcile(List<StatementLine> lines, List<HeldTransfer> held,
            List<UnmatchedCallback> unmatched) {
        return StatementReconciliation.reconcile(new Statement(DAY, lines), held, unmatched);
    }

    @Test
    void settledHereAndCompletedAtTheBankWithTheSameAmountIsMatched() {
        // given / when
        Reconciliation result = reconcile(List.of(line(ID.toString(), 15000, SETTLED)), List.of(held(15000, SETTLED)),
                List.of());

        // then
        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.MATCHED);
        assertThat(result.hasDiscrepancies()).isFalse();
        assertThat(result.totals().get(ReconciliationClass.MATCHED)).isEqualTo(new Reconciliation.Total(1, 15000, 0));
    }

    @Test
    void settledHereAndNotOnTheStatementIsMissingAtBank() {
        Reconciliation result = reconcile(List.of(), List.of(held(15000, SETTLED)), List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.MISSING_AT_BANK);
        assertThat(result.discrepancyCount()).isEqualTo(1);
        assertThat(result.totals().get(ReconciliationClass.MISSING_AT_BANK).etbMinor()).isEqualTo(15000);
    }

    @Test
    void acceptedHereAndNotOnTheStatementIsMissingAtBank() {
        Reconciliation result = reconcile(List.of(), List.of(held(15000, ACCEPTED)), List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.MISSING_AT_BANK);
    }

    @Test
    void failedHereAndNotOnTheStatementIsMatchedBecauseNeitherSideMovedMoney() {
        Reconciliation result = reconcile(List.of(), List.of(held(15000, FAILED)), List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.MATCHED);
    }

    @Test
    void stillInitiatedOrSubmittedAndNotOnTheStatementIsPendingNotADiscrepancy() {
        assertThat(only(reconcile(List.of(), List.of(held(15000, INITIATED)), List.of())).classification())
                .isEqualTo(ReconciliationClass.PENDING);
        Reconciliation submitted = reconcile(List.of(), List.of(held(15000, SUBMITTED)), List.of());
        assertThat(only(submitted).classification()).isEqualTo(ReconciliationClass.PENDING);
        assertThat(submitted.hasDiscrepancies()).isFalse();
    }

    @Test
    void aReferenceOnlyTheBankHoldsIsUnknownToUs() {
        Reconciliation result = reconcile(List.of(line("ELSEWHERE-1", 5000, SETTLED)), List.of(), List.of());

        ReconciliationItem item = only(result);
        assertThat(item.classification()).isEqualTo(ReconciliationClass.UNKNOWN_TO_US);
        assertThat(item.reference()).isEqualTo("ELSEWHERE-1");
        assertThat(result.totals().get(ReconciliationClass.UNKNOWN_TO_US).etbMinor()).isEqualTo(5000);
    }

    @Test
    void anUnmatchedCallbackNotOnTheStatementIsUnknownToUsWithoutAnAmount() {
        Reconciliation result = reconcile(List.of(), List.of(),
                List.of(new UnmatchedCallback("ghost", SETTLED, "evt-1"), new UnmatchedCallback("ghost", ACCEPTED, "evt-0")));

        ReconciliationItem item = only(result);
        assertThat(item.classification()).isEqualTo(ReconciliationClass.UNKNOWN_TO_US);
        assertThat(item.amount()).isEmpty();
        assertThat(result.totals().get(ReconciliationClass.UNKNOWN_TO_US)).isEqualTo(new Reconciliation.Total(1, 0, 0));
    }

    @Test
    void anUnmatchedCallbackForALineOnTheStatementIsCountedOnceWithTheLine() {
        Reconciliation result = reconcile(List.of(line("ghost", 700, SETTLED)), List.of(),
                List.of(new UnmatchedCallback("ghost", SETTLED, "evt-1")));

        ReconciliationItem item = only(result);
        assertThat(item.classification()).isEqualTo(ReconciliationClass.UNKNOWN_TO_US);
        assertThat(item.detail()).contains("unmatched in our inbox");
        assertThat(item.amount()).contains(Money.etb(700));
    }

    @Test
    void differentAmountsAreAnAmountMismatchWhateverTheStates() {
        Reconciliation result = reconcile(List.of(line(ID.toString(), 16000, SETTLED)), List.of(held(15000, SETTLED)),
                List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.AMOUNT_MISMATCH);
        assertThat(result.totals().get(ReconciliationClass.AMOUNT_MISMATCH).etbMinor()).isEqualTo(16000);
    }

    @Test
    void failedHereAndCompletedAtTheBankIsAStatusMismatch() {
        Reconciliation result = reconcile(List.of(line(ID.toString(), 15000, SETTLED)), List.of(held(15000, FAILED)),
                List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.STATUS_MISMATCH);
        assertThat(only(result).detail()).isEqualTo("ours is FAILED, the bank lists COMPLETED");
    }

    @Test
    void settledHereAndFailedAtTheBankIsAStatusMismatch() {
        Reconciliation result = reconcile(List.of(line(ID.toString(), 15000, FAILED)), List.of(held(15000, SETTLED)),
                List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.STATUS_MISMATCH);
    }

    @Test
    void acceptedHereAndCompletedAtTheBankIsPendingBecauseTheReconcilerCatchesUp() {
        Reconciliation result = reconcile(List.of(line(ID.toString(), 15000, SETTLED)), List.of(held(15000, ACCEPTED)),
                List.of());

        assertThat(only(result).classification()).isEqualTo(ReconciliationClass.PENDING);
    }

    @Test
    void eachTransferIsClassifiedOnceEvenWhenHeldTwice() {
        Reconciliation result = reconcile(List.of(line(ID.toString(), 15000, SETTLED)),
                List.of(held(15000, SETTLED), held(15000, SETTLED)), List.of());

        assertThat(result.items()).hasSize(1);
    }

    @Test
    void totalsListEveryClassAndKeepOtherCurrenciesApart() {
        Reconciliation result = reconcile(List.of(new StatementLine("usd", new PartnerReference("T"),
                new Money(100, "USD"), SETTLED, Optional.empty(), DAY)), List.of(), List.of());

        assertThat(result.totals()).containsOnlyKeys(ReconciliationClass.values());
        assertThat(result.totals().get(ReconciliationClass.UNKNOWN_TO_US)).isEqualTo(new Reconciliation.Total(1, 0, 1));
    }

    @Test
    void aStatementRefusesAReferenceListedTwiceOrALineOfAnotherDay() {
        assertThatThrownBy(() -> new Statement(DAY, List.of(line("a", 1, SETTLED), line("a", 1, SETTLED))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        StatementLine otherDay = new StatementLine("b", new PartnerReference("T"), Money.etb(1), SETTLED,
                Optional.empty(), DAY.plusDays(1));
        assertThatThrownBy(() -> new Statement(DAY, List.of(otherDay)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value date");
    }
}
