package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.domain.TestDisbursements.AMOUNT;
import static com.demozpay.gateway.domain.TestDisbursements.BANK_FAILURE;
import static com.demozpay.gateway.domain.TestDisbursements.TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.OperatorResolution.Outcome;
import com.demozpay.gateway.domain.OperatorResolution.Refusal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of what an operator may move where, given what the bank just said. */
class OperatorResolutionTest {

    private static final BankAnswer BANK_SETTLED = new BankAnswer.Reports(PartnerEvent.reported(SETTLED, TRANSFER, AMOUNT));
    private static final BankAnswer BANK_ACCEPTED = new BankAnswer.Reports(PartnerEvent.reported(ACCEPTED, TRANSFER, AMOUNT));
    private static final BankAnswer BANK_FAILED = new BankAnswer.Reports(PartnerEvent.failed(TRANSFER, AMOUNT, BANK_FAILURE));
    private static final BankAnswer NO_RECORD = new BankAnswer.NoRecord();
    private static final BankAnswer UNAVAILABLE = new BankAnswer.Unavailable("timeout");

    private static OperatorResolution to(DisbursementStatus target) {
        return new OperatorResolution(target, "abebe", "ticket OPS-7", Optional.empty());
    }

    private static OperatorResolution overriding(DisbursementStatus target) {
        return new OperatorResolution(target, "abebe", "ticket OPS-7", Optional.of("bank confirmed by phone"));
    }

    @Test
    void settlesAnAcceptedDisbursementTheBankReportsSettled() {
        Outcome outcome = to(SETTLED).decide(in(ACCEPTED), BANK_SETTLED, false);

        assertThat(outcome).isEqualTo(new Outcome.Move(ACCEPTED, SETTLED, Optional.of(TRANSFER), Optional.empty(), false));
    }

    @Test
    void failsWithTheBanksOwnFailureWhenTheBankReportsFailed() {
        Outcome outcome = to(FAILED).decide(in(SUBMITTED), BANK_FAILED, false);

        assertThat(outcome).isEqualTo(new Outcome.Move(SUBMITTED, FAILED, Optional.of(TRANSFER), Optional.of(BANK_FAILURE), false));
    }

    @Test
    void failsAnInitiatedDisbursementTheBankNeverReceivedWithTheOperatorsReason() {
        Outcome outcome = to(FAILED).decide(in(INITIATED), NO_RECORD, false);

        assertThat(outcome).isEqualTo(new Outcome.Move(INITIATED, FAILED, Optional.empty(),
                Optional.of(new Failure(OperatorResolution.RESOLVED_FAILED, "ticket OPS-7")), false));
    }

    @Test
    void refusesToFailWhatTheBankIsStillPaying() {
        Outcome outcome = to(FAILED).decide(in(ACCEPTED), BANK_ACCEPTED, false);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(Refusal.CONTRADICTS_BANK));
    }

    @Test
    void refusesToSettleWhatTheBankReportsFailed() {
        assertThat(refusalOf(to(SETTLED).decide(in(ACCEPTED), BANK_FAILED, false))).isEqualTo(Refusal.CONTRADICTS_BANK);
    }

    @Test
    void refusesToSettleWhenTheBankReportsAnotherAmount() {
        BankAnswer otherAmount = new BankAnswer.Reports(PartnerEvent.reported(SETTLED, TRANSFER, Money.etb(999_00)));

        assertThat(refusalOf(to(SETTLED).decide(in(ACCEPTED), otherAmount, false))).isEqualTo(Refusal.CONTRADICTS_BANK);
    }

    @Test
    void noRecordDoesNotConfirmAFailureOfATransferTheBankAcknowledged() {
        assertThat(refusalOf(to(FAILED).decide(in(ACCEPTED), NO_RECORD, false))).isEqualTo(Refusal.CONTRADICTS_BANK);
    }

    @Test
    void anOverrideActsAgainstTheBanksAnswerAndIsMarkedSo() {
        Outcome outcome = overriding(FAILED).decide(in(ACCEPTED), BANK_ACCEPTED, false);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Move.class, move -> {
            assertThat(move.to()).isEqualTo(FAILED);
            assertThat(move.overridden()).isTrue();
        });
    }

    @Test
    void refusesToActWhileTheBankCannotBeAskedUnlessOverridden() {
        assertThat(refusalOf(to(SETTLED).decide(in(ACCEPTED), UNAVAILABLE, false))).isEqualTo(Refusal.BANK_UNAVAILABLE);
        assertThat(overriding(SETTLED).decide(in(ACCEPTED), UNAVAILABLE, false)).isInstanceOf(Outcome.Move.class);
    }

    @Test
    void refusesToMoveADisbursementAlreadyInTheRequestedState() {
        assertThat(refusalOf(overriding(SETTLED).decide(in(SETTLED), BANK_SETTLED, true))).isEqualTo(Refusal.ALREADY_IN_STATE);
    }

    @Test
    void neverMovesAFinalStateWithoutARecordedAnomaly() {
        assertThat(refusalOf(overriding(SETTLED).decide(in(FAILED), BANK_SETTLED, false))).isEqualTo(Refusal.FINAL_STATE);
        assertThat(refusalOf(overriding(FAILED).decide(in(SETTLED), BANK_FAILED, false))).isEqualTo(Refusal.FINAL_STATE);
    }

    @Test
    void settlesARecordedAnomalyOnAFailedDisbursementTheBankCompleted() {
        Outcome outcome = to(SETTLED).decide(in(FAILED), BANK_SETTLED, true);

        assertThat(outcome).isEqualTo(new Outcome.Move(FAILED, SETTLED, Optional.of(TRANSFER), Optional.empty(), false));
    }

    @Test
    void anOverrideNeverMovesAFinalStateTheBankDoesNotConfirm() {
        assertThat(refusalOf(overriding(SETTLED).decide(in(FAILED), BANK_ACCEPTED, true)))
                .isEqualTo(Refusal.FINAL_STATE_NEEDS_BANK);
        assertThat(refusalOf(overriding(SETTLED).decide(in(FAILED), UNAVAILABLE, true)))
                .isEqualTo(Refusal.FINAL_STATE_NEEDS_BANK);
        assertThat(refusalOf(overriding(FAILED).decide(in(SETTLED), NO_RECORD, true)))
                .isEqualTo(Refusal.FINAL_STATE_NEEDS_BANK);
    }

    @Test
    void aMoveAppliedToAFailedDisbursementClearsItsFailure() {
        Outcome.Move move = (Outcome.Move) to(SETTLED).decide(in(FAILED), BANK_SETTLED, true);
        Instant at = Instant.parse("2025-01-02T10:00:00Z");

        Disbursement after = move.applyTo(in(FAILED), at);

        assertThat(after.status()).isEqualTo(SETTLED);
        assertThat(after.failure()).isEmpty();
        assertThat(after.updatedAt()).isEqualTo(at);
        assertThatThrownBy(() -> move.applyTo(in(SETTLED), at)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAnIncompleteRequestNamingEveryField() {
        assertThatThrownBy(() -> new OperatorResolution(ACCEPTED, "a b", " ", Optional.of("line\nbreak")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(InvalidRequestException.Violation::field)
                        .containsExactly("to", "operator", "reason", "override"));
    }

    @Test
    void theBanksAnswerIsDescribedWithoutTheBeneficiary() {
        assertThat(BANK_SETTLED.describe()).isEqualTo("SETTLED transfer DSH-TRF-1 amount 15000 ETB");
        assertThat(BANK_FAILED.describe()).contains("failure INVALID_ACCOUNT");
        assertThat(NO_RECORD.describe()).isEqualTo("NO_RECORD");
    }

    private static Refusal refusalOf(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        return ((Outcome.Refused) outcome).refusal();
    }
}
