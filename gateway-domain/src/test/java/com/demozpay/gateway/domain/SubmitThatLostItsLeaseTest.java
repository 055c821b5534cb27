package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.domain.TestDisbursements.BANK_FAILURE;
import static com.demozpay.gateway.domain.TestDisbursements.in;
import static com.demozpay.gateway.domain.TestDisbursements.initiated;
import static com.demozpay.gateway.domain.TestDisbursements.reported;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A submit whose answer came back after its lease passed on contradicts only a "never received" FAILED. */
class SubmitThatLostItsLeaseTest {

    private final Disbursement failedAsNeverReceived = initiated().apply(
            (Decision.Transition) initiated().whenPartnerHasNoRecord(INITIATED).decision(),
            initiated().updatedAt().plusSeconds(1));

    @Test
    void submitTheBankAcceptedOrNeverAnsweredAgainstFailedAsNeverReceivedIsAnAnomaly() {
        for (PartnerOutcome mayHaveReachedTheBank : new PartnerOutcome[] {
                new PartnerOutcome.Accepted(reported(SUBMITTED)), new PartnerOutcome.Unknown("timeout")}) {
            assertThat(failedAsNeverReceived.whenSubmitLostItsLease(mayHaveReachedTheBank)).hasValueSatisfying(
                    anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.FAILED_WHILE_SUBMITTING));
        }
    }

    @Test
    void submitThatCannotHaveBeenPaidOrAStateTheBankGaveIsNoAnomaly() {
        assertThat(failedAsNeverReceived.status()).isEqualTo(FAILED);
        assertThat(failedAsNeverReceived.whenSubmitLostItsLease(new PartnerOutcome.Rejected(BANK_FAILURE))).isEmpty();
        assertThat(failedAsNeverReceived.whenSubmitLostItsLease(new PartnerOutcome.NotReceived("refused"))).isEmpty();
        assertThat(in(FAILED).whenSubmitLostItsLease(new PartnerOutcome.Accepted(reported(SUBMITTED)))).isEmpty();
        assertThat(in(SUBMITTED).whenSubmitLostItsLease(new PartnerOutcome.Accepted(reported(SUBMITTED)))).isEmpty();
    }
}
