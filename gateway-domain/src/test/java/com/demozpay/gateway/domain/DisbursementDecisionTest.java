package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.domain.TestDisbursements.AMOUNT;
import static com.demozpay.gateway.domain.TestDisbursements.BANK_FAILURE;
import static com.demozpay.gateway.domain.TestDisbursements.CREATED;
import static com.demozpay.gateway.domain.TestDisbursements.OTHER_TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.in;
import static com.demozpay.gateway.domain.TestDisbursements.initiated;
import static com.demozpay.gateway.domain.TestDisbursements.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.NoRecordAction.Decide;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DisbursementDecisionTest {

    // --- duplicates and out-of-order events

    @Test
    void repeatedSettledEventIsADuplicateOnceSettled() {
        // given
        Disbursement settled = moved(in(ACCEPTED), reported(SETTLED));

        // when
        Decision again = settled.decide(reported(SETTLED));

        // then
        assertThat(settled.status()).isEqualTo(SETTLED);
        assertThat(again).isEqualTo(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
    }

    @Test
    void settledDisbursementIgnoresLateAcceptedEvent() {
        Disbursement settled = moved(in(SUBMITTED), reported(SETTLED));

        assertThat(settled.decide(reported(ACCEPTED))).isEqualTo(new Decision.NoChange(NoChangeReason.STALE));
    }

    @Test
    void acceptedCallbackOvertakingTheSubmitAnswerMovesInitiatedStraightToAccepted() {
        // given: the callback arrives before the answer to our submit
        Disbursement accepted = moved(initiated(), reported(ACCEPTED));

        // when: the bank's PENDING answer to the submit arrives late
        Decision late = accepted.decideAfterSubmit(new PartnerOutcome.Accepted(reported(SUBMITTED)));

        // then
        assertThat(accepted.status()).isEqualTo(ACCEPTED);
        assertThat(late).isEqualTo(new Decision.NoChange(NoChangeReason.STALE));
    }

    @Test
    void settledEventOvertakingAcceptedEventSettlesAndTheAcceptedOneIsStale() {
        Disbursement settled = moved(in(SUBMITTED), reported(SETTLED));

        assertThat(settled.status()).isEqualTo(SETTLED);
        assertThat(settled.decide(reported(ACCEPTED))).isEqualTo(new Decision.NoChange(NoChangeReason.STALE));
        assertThat(settled.decide(reported(SUBMITTED))).isEqualTo(new Decision.NoChange(NoChangeReason.STALE));
    }

    // --- conflicting finals

    @Test
    void failedAfterSettledIsAConflictingFinalAnomaly() {
        Decision decision = in(SETTLED).decide(reported(FAILED));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class, anomaly -> {
            assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL);
            assertThat(anomaly.detail()).contains("FAILED").contains("SETTLED");
        });
    }

    @Test
    void settledAfterFailedIsAConflictingFinalAnomaly() {
        Decision decision = in(FAILED).decide(reported(SETTLED));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL));
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SUBMITTED", "ACCEPTED", "SETTLED"})
    void bankReportingATransferWeFailedAsNotSubmittedIsAnAnomaly(DisbursementStatus reportedStatus) {
        // given: the bank once said it had no record, so we ended it FAILED NOT_SUBMITTED
        Disbursement notSubmitted = moved(initiated(), PartnerEvent.notSubmitted());

        // when: the bank now reports the transfer after all (money may move)
        Decision decision = notSubmitted.decide(reported(reportedStatus));

        // then: a human must know; a silent "stale" would hide a payout we call failed
        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL));
    }

    @Test
    void unknownSubmitOutcomeForADisbursementFailedAsNotSubmittedIsAnAnomaly() {
        Disbursement notSubmitted = moved(initiated(), PartnerEvent.notSubmitted());

        assertThat(notSubmitted.decideAfterSubmit(new PartnerOutcome.Unknown("timeout")))
                .isInstanceOf(Decision.Anomaly.class);
        assertThat(notSubmitted.decideAfterSubmit(new PartnerOutcome.Rejected(BANK_FAILURE)))
                .isEqualTo(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
    }

    // --- amount, currency and transfer id that contradict ours

    @ParameterizedTest
    @EnumSource(DisbursementStatus.class)
    void differentAmountIsAnAnomalyInEveryState(DisbursementStatus state) {
        Disbursement disbursement = in(state);

        Decision decision = disbursement.decide(PartnerEvent.reported(SETTLED, TRANSFER, Money.etb(149_99)));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class, anomaly -> {
            assertThat(anomaly.kind()).isEqualTo(AnomalyKind.AMOUNT_MISMATCH);
            assertThat(anomaly.detail()).contains("14999").contains("15000");
        });
    }

    @ParameterizedTest
    @EnumSource(DisbursementStatus.class)
    void differentCurrencyIsAnAmountAnomalyInEveryState(DisbursementStatus state) {
        Decision decision = in(state).decide(PartnerEvent.reported(ACCEPTED, TRANSFER, new Money(150_00, "USD")));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.AMOUNT_MISMATCH));
    }

    @Test
    void failureReportedWithADifferentAmountIsAnAnomalyNotAFailure() {
        Decision decision = in(SUBMITTED).decide(PartnerEvent.failed(TRANSFER, Money.etb(1), BANK_FAILURE));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.AMOUNT_MISMATCH));
    }

    @Test
    void eventWithoutAnAmountIsWeighedOnItsStatus() {
        Decision decision = in(SUBMITTED).decide(PartnerEvent.reported(SETTLED, TRANSFER, null));

        assertThat(decision).isInstanceOf(Decision.Transition.class);
    }

    @Test
    void differentTransferIdIsAnAnomaly() {
        Decision decision = in(ACCEPTED).decide(PartnerEvent.reported(SETTLED, OTHER_TRANSFER, AMOUNT));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class, anomaly -> {
            assertThat(anomaly.kind()).isEqualTo(AnomalyKind.PARTNER_REFERENCE_MISMATCH);
            assertThat(anomaly.detail()).contains(OTHER_TRANSFER.value()).contains(TRANSFER.value());
        });
    }

    @Test
    void firstTransferIdTheBankGivesIsAdopted() {
        Decision decision = in(SUBMITTED, Optional.empty()).decide(PartnerEvent.reported(ACCEPTED, OTHER_TRANSFER, AMOUNT));

        assertThat(decision).isEqualTo(new Decision.Transition(SUBMITTED, ACCEPTED, Optional.of(OTHER_TRANSFER),
                Optional.empty()));
    }

    @Test
    void eventWithoutTransferIdKeepsTheOneWeHold() {
        Decision decision = in(ACCEPTED).decide(PartnerEvent.reported(SETTLED, null, AMOUNT));

        assertThat(decision).isEqualTo(new Decision.Transition(ACCEPTED, SETTLED, Optional.of(TRANSFER), Optional.empty()));
    }

    // --- applying

    @Test
    void transitionComputedFromAnotherStateIsRefused() {
        Decision.Transition fromSubmitted = (Decision.Transition) in(SUBMITTED).decide(reported(SETTLED));

        assertThatThrownBy(() -> in(ACCEPTED).apply(fromSubmitted, CREATED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUBMITTED").hasMessageContaining("ACCEPTED");
    }

    @Test
    void illegalTransitionCannotBeBuilt() {
        assertThatThrownBy(() -> new Decision.Transition(SETTLED, FAILED, Optional.empty(), Optional.of(BANK_FAILURE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision.Transition(ACCEPTED, SUBMITTED, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision.Transition(SUBMITTED, FAILED, Optional.empty(), Optional.empty()))
                .hasMessageContaining("failure");
        assertThatThrownBy(() -> new Decision.Transition(SUBMITTED, SETTLED, Optional.empty(), Optional.of(BANK_FAILURE)))
                .hasMessageContaining("failure");
    }

    // --- the answer to a submit

    @Test
    void pendingAnswerToSubmitMovesInitiatedToSubmittedWithTheTransferId() {
        Decision decision = initiated().decideAfterSubmit(new PartnerOutcome.Accepted(reported(SUBMITTED)));

        assertThat(decision).isEqualTo(new Decision.Transition(INITIATED, SUBMITTED, Optional.of(TRANSFER), Optional.empty()));
    }

    @Test
    void acceptedAnswerToSubmitMovesInitiatedToAccepted() {
        Decision decision = initiated().decideAfterSubmit(new PartnerOutcome.Accepted(reported(ACCEPTED)));

        assertThat(decision).isEqualTo(new Decision.Transition(INITIATED, ACCEPTED, Optional.of(TRANSFER), Optional.empty()));
    }

    @Test
    void rejectedSubmitFailsWithTheBanksCode() {
        Decision decision = initiated().decideAfterSubmit(new PartnerOutcome.Rejected(BANK_FAILURE));

        assertThat(decision).isEqualTo(new Decision.Transition(INITIATED, FAILED, Optional.empty(), Optional.of(BANK_FAILURE)));
    }

    @Test
    void submitTheBankNeverReceivedLeavesItInitiated() {
        Decision decision = initiated().decideAfterSubmit(new PartnerOutcome.NotReceived("connection refused"));

        assertThat(decision).isEqualTo(new Decision.NoChange(NoChangeReason.NOT_RECEIVED));
    }

    @Test
    void submitWithUnknownOutcomeIsSubmittedNeverFailed() {
        Decision decision = initiated().decideAfterSubmit(new PartnerOutcome.Unknown("read timeout"));

        assertThat(decision).isEqualTo(new Decision.Transition(INITIATED, SUBMITTED, Optional.empty(), Optional.empty()));
    }

    @Test
    void unknownOutcomeOfAResubmitLeavesSubmittedAsItIs() {
        Decision decision = in(SUBMITTED, Optional.empty()).decideAfterSubmit(new PartnerOutcome.Unknown("503"));

        assertThat(decision).isEqualTo(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
    }

    @Test
    void rejectionAfterTheBankSettledIsAConflictingFinal() {
        Decision decision = in(SETTLED).decideAfterSubmit(new PartnerOutcome.Rejected(BANK_FAILURE));

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL));
    }

    // --- the bank has no record

    @Test
    void initiatedWithoutRecordAtTheBankFailsAsNotSubmitted() {
        assertThat(initiated().whenPartnerHasNoRecord(INITIATED).decision()).isInstanceOfSatisfying(
                Decision.Transition.class, transition -> {
                    assertThat(transition.to()).isEqualTo(FAILED);
                    assertThat(transition.failure()).get().extracting(Failure::code).isEqualTo(Failure.NOT_SUBMITTED);
                });
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SUBMITTED", "ACCEPTED", "SETTLED", "FAILED"})
    void noRecordAnswerOverTakenByAnyLaterStateIsStale(DisbursementStatus state) {
        // The bank's "no record" was asked about an INITIATED disbursement; whatever moved it since is newer.
        Decide stale = new Decide(new Decision.NoChange(NoChangeReason.STALE));
        assertThat(in(state, Optional.empty()).whenPartnerHasNoRecord(INITIATED)).isEqualTo(stale);
        assertThat(in(state).whenPartnerHasNoRecord(INITIATED)).isEqualTo(stale);
    }

    @Test
    void submittedWithoutTransferIdAndNoRecordIsResubmittedAndUnchangedUntilThen() {
        NoRecordAction action = in(SUBMITTED, Optional.empty()).whenPartnerHasNoRecord(SUBMITTED);

        assertThat(action).isInstanceOf(NoRecordAction.Resubmit.class);
        assertThat(action.decision()).isEqualTo(new Decision.NoChange(NoChangeReason.NOT_RECEIVED));
    }

    @Test
    void submittedWithTransferIdAndNoRecordIsAnAnomaly() {
        assertThat(in(SUBMITTED, Optional.of(TRANSFER)).whenPartnerHasNoRecord(SUBMITTED).decision())
                .isInstanceOfSatisfying(Decision.Anomaly.class,
                        anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.TRANSFER_MISSING_AT_PARTNER));
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"ACCEPTED", "SETTLED"})
    void confirmedTransferWithoutRecordAtTheBankIsAnAnomaly(DisbursementStatus state) {
        assertThat(in(state).whenPartnerHasNoRecord(state)).isInstanceOfSatisfying(Decide.class,
                decide -> assertThat(decide.decision()).isInstanceOfSatisfying(Decision.Anomaly.class,
                        anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.TRANSFER_MISSING_AT_PARTNER)));
    }

    @Test
    void failedDisbursementWithoutRecordAtTheBankNeedsNothing() {
        Decide nothing = new Decide(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
        assertThat(in(FAILED).whenPartnerHasNoRecord(FAILED)).isEqualTo(nothing);
        assertThat(in(FAILED, Optional.empty()).whenPartnerHasNoRecord(FAILED)).isEqualTo(nothing);
    }

    @Test
    void noRecordAnswerAboutAnEarlierStateIsStaleNeverAnAnomaly() {
        // The bank was asked while it was SUBMITTED; a callback has since made it ACCEPTED.
        assertThat(in(ACCEPTED).whenPartnerHasNoRecord(SUBMITTED))
                .isEqualTo(new Decide(new Decision.NoChange(NoChangeReason.STALE)));
    }

    private static Disbursement moved(Disbursement disbursement, PartnerEvent event) {
        return disbursement.apply((Decision.Transition) disbursement.decide(event), CREATED);
    }
}
