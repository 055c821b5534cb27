package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.INITIATED_AFTER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.IN_FLIGHT_AFTER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.LEASE;
import static com.demozpay.gateway.ports.service.UseCaseFixture.START;
import static com.demozpay.gateway.ports.service.UseCaseFixture.TRANSFER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.ResubmitLimit;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReconcileStaleDisbursementsServiceTest {

    private static final TransitionCause RECONCILER = TransitionCause.of(TransitionSource.RECONCILER);
    /** Last changed long enough ago for the reconciler to look at it, whatever its state. */
    private static final Instant LONG_AGO = START.minus(INITIATED_AFTER).minusSeconds(1);

    private final UseCaseFixture fx = new UseCaseFixture();
    private final ReconcileStaleDisbursementsUseCase service = reconciler(10);

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SUBMITTED", "ACCEPTED"})
    void staleInFlightDisbursementIsLookedUpAndTheAnswerApplied(DisbursementStatus status) {
        // given
        Disbursement stale = fx.stored("k-1", status, true, START.minus(IN_FLIGHT_AFTER).minusSeconds(1));
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(SETTLED)));

        // when
        ReconcileReport report = service.reconcileOnce();

        // then
        assertThat(report).isEqualTo(new ReconcileReport(1, 1, 0, 0, 0, 0, 0));
        assertThat(fx.partner.lookedUp()).containsExactly(stale.id());
        assertThat(fx.current(stale).status()).isEqualTo(SETTLED);
        assertThat(fx.store.log()).singleElement().satisfies(row -> assertThat(row.cause()).isEqualTo(RECONCILER));
    }

    @Test
    void bankReportingTheSameStateLeavesItUnchanged() {
        Disbursement stale = fx.stored("k-1", ACCEPTED, true, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(ACCEPTED)));

        assertThat(service.reconcileOnce()).isEqualTo(new ReconcileReport(1, 0, 1, 0, 0, 0, 0));
        assertThat(fx.current(stale)).isEqualTo(stale);
    }

    @Test
    void staleInitiatedDisbursementTheBankKnowsIsAdopted() {
        Disbursement initiated = fx.stored("k-1", INITIATED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(ACCEPTED)));

        ReconcileReport report = service.reconcileOnce();

        assertThat(report.transitioned()).isEqualTo(1);
        assertThat(fx.current(initiated).status()).isEqualTo(ACCEPTED);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void staleInitiatedDisbursementTheBankNeverReceivedFailsAsNotSubmitted() {
        Disbursement initiated = fx.stored("k-1", INITIATED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound());

        ReconcileReport report = service.reconcileOnce();

        assertThat(report).isEqualTo(new ReconcileReport(1, 1, 0, 0, 0, 0, 0));
        Disbursement failed = fx.current(initiated);
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.failure()).get().extracting(Failure::code).isEqualTo(Failure.NOT_SUBMITTED);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void oneDisbursementThatFailsDoesNotStopThePass() {
        // given: two stale disbursements; recording the first one's answer breaks in the store
        Disbursement broken = fx.stored("k-1", SUBMITTED, true, LONG_AGO);
        Disbursement fine = fx.stored("k-2", SUBMITTED, true, LONG_AGO.plusSeconds(1));
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(SETTLED)))
                .thenLookup(new TransferLookup.Found(bankReports(SETTLED)));
        PartnerClient bank = fx.bankLookingUpWith(reference -> {
            TransferLookup answer = fx.partner.lookup(reference);
            if (reference.equals(broken.id())) {
                fx.store.failNextCalls(1);
            }
            return answer;
        });
        ReconcileStaleDisbursementsUseCase reconciler = reconcilerAsking(bank);

        // when
        ReconcileReport report = reconciler.reconcileOnce();

        // then
        assertThat(report).isEqualTo(new ReconcileReport(2, 1, 0, 0, 0, 0, 1));
        assertThat(fx.current(broken).status()).isEqualTo(SUBMITTED);
        assertThat(fx.current(fine).status()).isEqualTo(SETTLED);
        assertThat(fx.observer.reconcileFailures).containsExactly(broken.id());
    }

    @Test
    void disbursementWhoseLeaseWouldRunOutBeforeTheBankAnswersIsLeftForTheNextPass() {
        // given: the first lookup takes so long that less than a bank call is left of the lease
        Disbursement slow = fx.stored("k-1", SUBMITTED, true, LONG_AGO);
        Disbursement next = fx.stored("k-2", SUBMITTED, true, LONG_AGO.plusSeconds(1));
        PartnerClient slowBank = fx.bankLookingUpWith(reference -> {
            fx.clock.advance(LEASE.duration().minus(LEASE.callBudget()).plusSeconds(1));
            return fx.partner.lookup(reference);
        });
        fx.partner.alwaysLookup(new TransferLookup.NotFound());
        ReconcileStaleDisbursementsUseCase reconciler = reconcilerAsking(slowBank);

        // when
        ReconcileReport report = reconciler.reconcileOnce();

        // then: neither the slow one's answer nor the next one is acted on past the lease
        assertThat(report).isEqualTo(new ReconcileReport(2, 0, 0, 0, 0, 2, 0));
        assertThat(fx.partner.lookedUp()).containsExactly(slow.id());
        assertThat(fx.observer.anomalies).isEmpty();
        assertThat(fx.current(next).status()).isEqualTo(SUBMITTED);
    }

    @Test
    void initiatedDisbursementWithNoRecordAtTheBankIsFailedWhileTheLeaseKeepsRetriesOff() {
        // given
        Disbursement initiated = fx.stored("k-1", INITIATED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound());

        // when
        ReconcileReport report = service.reconcileOnce();

        // then
        assertThat(report).isEqualTo(new ReconcileReport(1, 1, 0, 0, 0, 0, 0));
        assertThat(fx.current(initiated).failure()).get().extracting(Failure::code).isEqualTo(Failure.NOT_SUBMITTED);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void staleInitiatedDisbursementIsLeftWhenTheBankCannotBeReached() {
        Disbursement initiated = fx.stored("k-1", INITIATED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.Unavailable("connection refused"));

        ReconcileReport report = service.reconcileOnce();

        assertThat(report).isEqualTo(new ReconcileReport(1, 0, 0, 1, 0, 0, 0));
        assertThat(fx.current(initiated)).isEqualTo(initiated);
    }

    @Test
    void submittedWithoutTransferIdThatTheBankNeverGotIsResentUnderTheSameReference() {
        // given: our submit timed out, and the bank has no record of it
        Disbursement submitted = fx.stored("k-1", SUBMITTED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound())
                .thenSubmit(new PartnerOutcome.Accepted(bankReports(ACCEPTED)));

        // when
        ReconcileReport report = service.reconcileOnce();

        // then
        assertThat(report).isEqualTo(new ReconcileReport(1, 1, 0, 0, 0, 0, 0));
        assertThat(fx.partner.submitted()).containsExactly(submitted.id());
        assertThat(fx.current(submitted).status()).isEqualTo(ACCEPTED);
    }

    @Test
    void resendThatTimesOutAgainLeavesItSubmitted() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound()).thenSubmit(new PartnerOutcome.Unknown("timeout"));

        assertThat(service.reconcileOnce()).isEqualTo(new ReconcileReport(1, 0, 1, 0, 0, 0, 0));
        assertThat(fx.current(submitted)).isEqualTo(submitted);
    }

    @Test
    void resubmitRefusedWith422IsAnAnomalyAndNeverFailed() {
        // given: our submit's outcome was unknown, the bank has no record, and it refuses the resend
        Disbursement submitted = fx.stored("k-1", SUBMITTED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound())
                .thenSubmit(new PartnerOutcome.Rejected(new Failure("LIMIT_EXCEEDED", "over the limit")));

        // when
        ReconcileReport report = service.reconcileOnce();

        // then: the first submit may still be paying; a human decides
        assertThat(report.anomalies()).isEqualTo(1);
        assertThat(fx.current(submitted).status()).isEqualTo(SUBMITTED);
        assertThat(fx.observer.anomalies).singleElement()
                .satisfies(r -> assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.REFUSED_ON_RESUBMIT));
    }

    @Test
    void resubmitsThatKeepGettingNoUsableAnswerStopAfterTheLimitAsAnAnomaly() {
        // given: the bank has no record, and answers every resend 400
        Disbursement submitted = fx.stored("k-1", SUBMITTED, false, LONG_AGO);
        fx.partner.alwaysLookup(new TransferLookup.NotFound()).alwaysSubmit(d -> new PartnerOutcome.Unknown("HTTP 400"));
        ReconcileStaleDisbursementsUseCase limited = reconcilerResubmitting(3);

        // when: five passes, each after the previous claim ran out
        for (int pass = 0; pass < 5; pass++) {
            limited.reconcileOnce();
            fx.clock.advance(LEASE.duration());
        }

        // then: three resends, then a human is called and nothing more is sent
        assertThat(fx.partner.submitted()).hasSize(3);
        assertThat(fx.current(submitted).status()).isEqualTo(SUBMITTED);
        assertThat(fx.observer.anomalies).hasSize(3).allSatisfy(
                r -> assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.RESUBMITS_EXHAUSTED));
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SUBMITTED", "ACCEPTED"})
    void transferTheBankConfirmedAndNoLongerKnowsIsAnAnomaly(DisbursementStatus status) {
        Disbursement confirmed = fx.stored("k-1", status, true, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.NotFound());

        ReconcileReport report = service.reconcileOnce();

        assertThat(report).isEqualTo(new ReconcileReport(1, 0, 0, 0, 1, 0, 0));
        assertThat(fx.current(confirmed)).isEqualTo(confirmed);
        assertThat(fx.partner.submitted()).isEmpty();
        assertThat(fx.observer.anomalies).singleElement().satisfies(r -> {
            assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.TRANSFER_MISSING_AT_PARTNER);
            assertThat(r.cause()).isEqualTo(RECONCILER);
        });
    }

    @Test
    void lookupWithAnotherAmountIsCountedAsAnAnomaly() {
        Disbursement accepted = fx.stored("k-1", ACCEPTED, true, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.Found(PartnerEvent.reported(SETTLED,
                TRANSFER, Money.etb(5))));

        assertThat(service.reconcileOnce()).isEqualTo(new ReconcileReport(1, 0, 0, 0, 1, 0, 0));
        assertThat(fx.current(accepted)).isEqualTo(accepted);
    }

    @Test
    void leasedDisbursementIsNotLeasedByAnotherPassWhileTheLeaseHolds() {
        // given: another replica's pass runs while this one is asking the bank
        Disbursement stale = fx.stored("k-1", SUBMITTED, true, LONG_AGO);
        List<ReconcileReport> concurrent = new ArrayList<>();
        ReconcileStaleDisbursementsUseCase reconciler = reconcilerAsking(fx.bankLookingUpWith(reference -> {
            concurrent.add(service.reconcileOnce());
            return new TransferLookup.Unavailable("bank down");
        }));

        // when
        assertThat(reconciler.reconcileOnce().claimed()).isEqualTo(1);

        // then
        assertThat(concurrent).singleElement().extracting(ReconcileReport::claimed).isEqualTo(0);
        assertThat(fx.current(stale)).isEqualTo(stale);
    }

    @Test
    void leaseThePassCouldNotUseIsReleasedAtOnceSoARetrySubmitsWithoutWaitingForIt() {
        // given: a stale INITIATED disbursement, and a pass that cannot reach the bank about it
        Disbursement initiated = fx.stored("k-1", INITIATED, false, LONG_AGO);
        fx.partner.thenLookup(new TransferLookup.Unavailable("bank down"));
        assertThat(service.reconcileOnce().partnerUnreachable()).isEqualTo(1);

        // when: the caller retries, well within what would have been the lease
        fx.partner.thenSubmit(new PartnerOutcome.Accepted(bankReports(SUBMITTED)));
        Disbursement retried = fx.gateway().build().initiate().initiate(UseCaseFixture.draft("k-1"));

        // then: it is submitted, not "being submitted" until the pass's lease expires
        assertThat(retried.status()).isEqualTo(SUBMITTED);
        assertThat(fx.partner.submitted()).containsExactly(initiated.id());
    }

    @Test
    void leaseSkippedForWantOfTimeIsReleasedAtOnce() {
        // given: the first lookup takes so long that the second disbursement is skipped
        fx.stored("k-1", SUBMITTED, true, LONG_AGO);
        Disbursement skipped = fx.stored("k-2", SUBMITTED, true, LONG_AGO.plusSeconds(1));
        ReconcileStaleDisbursementsUseCase slow = reconcilerAsking(fx.bankLookingUpWith(reference -> {
            fx.clock.advance(LEASE.duration().minus(LEASE.callBudget()).plusSeconds(1));
            return new TransferLookup.Unavailable("bank slow");
        }));
        assertThat(slow.reconcileOnce().skipped()).isEqualTo(1);

        // when: the next pass runs before the lease could have expired
        fx.partner.alwaysLookup(new TransferLookup.Found(bankReports(ACCEPTED)));
        ReconcileReport next = service.reconcileOnce();

        // then
        assertThat(next.claimed()).isEqualTo(2);
        assertThat(fx.current(skipped).status()).isEqualTo(ACCEPTED);
    }

    @Test
    void freshAndFinalDisbursementsAreNotTouched() {
        // given: each just inside its threshold, plus final ones long unchanged
        fx.stored("k-1", INITIATED, false, START.minus(INITIATED_AFTER));
        fx.stored("k-2", SUBMITTED, true, START.minus(IN_FLIGHT_AFTER));
        fx.stored("k-3", ACCEPTED, true, START.minus(IN_FLIGHT_AFTER));
        fx.stored("k-4", INITIATED, false, START.minus(IN_FLIGHT_AFTER).minusSeconds(60));
        fx.stored("k-5", SETTLED, true, LONG_AGO);
        fx.stored("k-6", FAILED, true, LONG_AGO);

        // when
        ReconcileReport report = service.reconcileOnce();

        // then
        assertThat(report).isEqualTo(new ReconcileReport(0, 0, 0, 0, 0, 0, 0));
        assertThat(fx.partner.lookedUp()).isEmpty();
    }

    @Test
    void onePassTakesAtMostTheBatchSizeOfEachStateOldestFirst() {
        ReconcileStaleDisbursementsUseCase smallBatches = reconciler(2);
        Disbursement oldest = fx.stored("k-1", SUBMITTED, true, LONG_AGO.minusSeconds(30));
        Disbursement older = fx.stored("k-2", SUBMITTED, true, LONG_AGO.minusSeconds(20));
        fx.stored("k-3", SUBMITTED, true, LONG_AGO.minusSeconds(10));
        Disbursement initiated = fx.stored("k-4", INITIATED, false, LONG_AGO);

        ReconcileReport report = smallBatches.reconcileOnce();

        assertThat(report.claimed()).isEqualTo(3);
        assertThat(fx.partner.lookedUp()).containsExactlyInAnyOrder(oldest.id(), older.id(), initiated.id());
    }

    private ReconcileStaleDisbursementsUseCase reconcilerAsking(PartnerClient bank) {
        return fx.gateway().partner(bank).build().reconciler();
    }

    private ReconcileStaleDisbursementsUseCase reconcilerResubmitting(int maxResubmits) {
        return fx.gateway().resubmitLimit(new ResubmitLimit(maxResubmits)).build().reconciler();
    }

    private ReconcileStaleDisbursementsUseCase reconciler(int batchSize) {
        return fx.gateway().reconcilePolicy(UseCaseFixture.reconcilePolicy(batchSize)).build().reconciler();
    }
}
