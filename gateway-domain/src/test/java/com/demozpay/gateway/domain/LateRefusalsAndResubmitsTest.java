package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.domain.TestDisbursements.BANK_FAILURE;
import static com.demozpay.gateway.domain.TestDisbursements.in;
import static com.demozpay.gateway.domain.TestDisbursements.initiated;
import static com.demozpay.gateway.domain.TestDisbursements.reported;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A 422 is a final "no" only to a first submit; resends are bounded; past either, a human decides. */
class LateRefusalsAndResubmitsTest {

    private static final ResubmitLimit THREE = new ResubmitLimit(3);
    private static final PartnerOutcome REFUSED = new PartnerOutcome.Rejected(BANK_FAILURE);
    private static final PartnerOutcome HTTP_409 = new PartnerOutcome.Unknown("REFERENCE_CONFLICT: other content");
    private final Disbursement resendable = in(SUBMITTED, Optional.empty());

    @Test
    void refusalOfAFirstSubmitStillFails() {
        Decision decision = initiated().decideAfterSubmit(REFUSED);

        assertThat(decision).isInstanceOfSatisfying(Decision.Transition.class, t -> assertThat(t.to()).isEqualTo(FAILED));
    }

    @Test
    void lateRefusalAfterTheBankAcceptedIsAnAnomalyNotFailed() {
        // given: a callback moved it to ACCEPTED while our submit was in flight; then the submit's 422 arrives
        Disbursement accepted = in(ACCEPTED);

        // when
        Decision decision = accepted.decideAfterSubmit(REFUSED);

        // then
        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                a -> assertThat(a.kind()).isEqualTo(AnomalyKind.REFUSED_AFTER_ACCEPTED));
    }

    @Test
    void refusalOfAResubmitIsAnAnomalyNotFailed() {
        Decision decision = resendable.decideAfterResubmit(REFUSED, 1, THREE);

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                a -> assertThat(a.kind()).isEqualTo(AnomalyKind.REFUSED_ON_RESUBMIT));
    }

    @Test
    void acceptedResubmitMovesOnAsAnySubmit() {
        Decision decision = resendable.decideAfterResubmit(new PartnerOutcome.Accepted(reported(ACCEPTED)), 3, THREE);

        assertThat(decision).isInstanceOfSatisfying(Decision.Transition.class, t -> assertThat(t.to()).isEqualTo(ACCEPTED));
    }

    @Test
    void resubmitWithoutAUsableAnswerBeforeTheLimitWaitsInSubmitted() {
        assertThat(resendable.decideAfterResubmit(HTTP_409, 2, THREE))
                .isEqualTo(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
    }

    @Test
    void lastAllowedResubmitWithoutAUsableAnswerIsAnAnomaly() {
        Decision decision = resendable.decideAfterResubmit(HTTP_409, 3, THREE);

        assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                a -> assertThat(a.kind()).isEqualTo(AnomalyKind.RESUBMITS_EXHAUSTED));
    }

    @Test
    void resubmitPastTheLimitIsNotSentAndIsAnAnomaly() {
        assertThat(resendable.refuseResubmit(3, THREE)).isEmpty();
        assertThat(resendable.refuseResubmit(4, THREE)).hasValueSatisfying(
                a -> assertThat(a.kind()).isEqualTo(AnomalyKind.RESUBMITS_EXHAUSTED));
    }

    @Test
    void resubmitLimitMustAllowOneTry() {
        assertThatThrownBy(() -> new ResubmitLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
