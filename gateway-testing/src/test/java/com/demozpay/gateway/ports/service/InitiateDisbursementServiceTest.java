package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.LEASE;
import static com.demozpay.gateway.ports.service.UseCaseFixture.INVALID_ACCOUNT;
import static com.demozpay.gateway.ports.service.UseCaseFixture.TRANSFER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static com.demozpay.gateway.ports.service.UseCaseFixture.draft;
import static com.demozpay.gateway.ports.service.UseCaseFixture.draftWithAmount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.in.OutcomeUnknownException;
import com.demozpay.gateway.ports.in.InitiateDisbursementUseCase;
import com.demozpay.gateway.ports.in.PartnerUnavailableException;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.InMemoryDisbursementStore.LoggedTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitiateDisbursementServiceTest {

    private final UseCaseFixture fx = new UseCaseFixture();
    private final InitiateDisbursementUseCase service = fx.gateway().build().initiate();

    @Test
    void submitWhoseLeasePassedToAReconcilerThatFailedItAsNeverReceivedIsAnAnomalyAndTheOutcomeUnknown() {
        // given: the bank is slow to commit; meanwhile the lease expires, another replica's reconciler leases
        // the disbursement, the bank has no record of it yet, and the reconciler fails it NOT_SUBMITTED
        fx.partner.alwaysLookup(new TransferLookup.NotFound());
        ReconcileStaleDisbursementsUseCase reconciler = fx.gateway().build().reconciler();
        fx.partner.alwaysSubmit(sent -> {
            fx.clock.advance(UseCaseFixture.INITIATED_AFTER.plus(LEASE.duration()));
            assertThat(reconciler.reconcileOnce().transitioned()).isEqualTo(1);
            return new PartnerOutcome.Accepted(bankReports(SUBMITTED));
        });

        // when: the bank then answers 202
        OutcomeUnknownException unknown = catchThrowableOfType(() -> service.initiate(draft("k-1")),
                OutcomeUnknownException.class);

        // then: the caller is never told FAILED, and a human is called
        assertThat(unknown).as("the caller is told the outcome is unknown").isNotNull();
        assertThat(fx.observer.anomalies).singleElement().satisfies(r -> {
            assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.FAILED_WHILE_SUBMITTING);
            assertThat(r.disbursement().status()).isEqualTo(FAILED);
        });
        assertThat(fx.store.log()).extracting(LoggedTransition::to).containsExactly(INITIATED, FAILED);
    }

    @Test
    void invalidRequestStoresNothingAndNeverReachesTheBank() {
        assertThatThrownBy(() -> service.initiate(draftWithAmount("k-1", 0)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("amount.amount_minor");

        assertThat(fx.store.all()).isEmpty();
        assertThat(fx.store.log()).isEmpty();
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void newDisbursementIsStoredInitiatedBeforeTheBankIsCalled() {
        // given: a bank that checks, at the moment it is called, what the gateway has stored
        fx.partner.alwaysSubmit(sent -> {
            Disbursement stored = fx.store.findById(sent.id()).orElseThrow(() -> new AssertionError("not stored before submit"));
            assertThat(stored.status()).isEqualTo(INITIATED);
            assertThat(fx.store.log()).containsExactly(new LoggedTransition(sent.id(), null, INITIATED,
                    TransitionCause.of(TransitionSource.API), UseCaseFixture.START));
            assertThat(fx.observer.initiated).extracting(Disbursement::id).containsExactly(sent.id());
            return new PartnerOutcome.Accepted(bankReports(SUBMITTED));
        });

        // when
        Disbursement result = service.initiate(draft("k-1"));

        // then: the id is the only reference the bank saw
        assertThat(fx.partner.submitted()).containsExactly(result.id());
        assertThat(result.status()).isEqualTo(SUBMITTED);
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SUBMITTED", "ACCEPTED"})
    void bankTakingTheTransferMovesItOnAndRecordsTheTransferId(DisbursementStatus answered) {
        fx.partner.thenSubmit(new PartnerOutcome.Accepted(bankReports(answered)));

        Disbursement result = service.initiate(draft("k-1"));

        assertThat(result.status()).isEqualTo(answered);
        assertThat(result.partnerReference()).contains(TRANSFER);
        assertThat(fx.current(result)).isEqualTo(result);
        assertThat(fx.store.log()).extracting(LoggedTransition::from, LoggedTransition::to)
                .containsExactly(tuple(null, INITIATED),
                        tuple(INITIATED, answered));
        assertThat(fx.store.log().get(1).cause()).isEqualTo(TransitionCause.of(TransitionSource.API));
    }

    @Test
    void rejectedTransferFailsWithTheBanksCode() {
        fx.partner.thenSubmit(new PartnerOutcome.Rejected(INVALID_ACCOUNT));

        Disbursement result = service.initiate(draft("k-1"));

        assertThat(result.status()).isEqualTo(FAILED);
        assertThat(result.failure()).contains(INVALID_ACCOUNT);
        assertThat(fx.current(result).status()).isEqualTo(FAILED);
    }

    @Test
    void transferTheBankNeverReceivedStaysInitiatedAndTheRetrySendsTheSameReference() {
        // given
        fx.partner.thenSubmit(new PartnerOutcome.NotReceived("connection refused"),
                new PartnerOutcome.Accepted(bankReports(SUBMITTED)));

        // when
        PartnerUnavailableException unavailable =
                catchThrowableOfType(PartnerUnavailableException.class, () -> service.initiate(draft("k-1")));

        // then
        assertThat(unavailable).isNotNull();
        Disbursement stored = fx.store.all().get(0);
        assertThat(unavailable.disbursementId()).isEqualTo(stored.id());
        assertThat(unavailable.getMessage()).contains("did not receive", "retry with the same idempotency_key")
                .doesNotContain("connection refused");
        assertThat(stored.status()).isEqualTo(INITIATED);

        // when: the caller retries with the same key
        Disbursement retried = service.initiate(draft("k-1"));

        // then
        assertThat(retried.id()).isEqualTo(stored.id());
        assertThat(retried.status()).isEqualTo(SUBMITTED);
        assertThat(fx.partner.submitted()).containsExactly(stored.id(), stored.id());
        assertThat(fx.store.all()).hasSize(1);
    }

    @Test
    void unknownOutcomeIsSubmittedNeverFailed() {
        fx.partner.thenSubmit(new PartnerOutcome.Unknown("read timeout"));

        Disbursement result = service.initiate(draft("k-1"));

        assertThat(result.status()).isEqualTo(SUBMITTED);
        assertThat(result.partnerReference()).isEmpty();
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void sameKeyAndSameRequestReturnTheSameDisbursementWithoutASecondTransfer() {
        fx.partner.thenSubmit(new PartnerOutcome.Accepted(bankReports(SUBMITTED)));
        Disbursement first = service.initiate(draft("k-1"));

        Disbursement again = service.initiate(draft("k-1"));

        assertThat(again).isEqualTo(first);
        assertThat(fx.partner.submitted()).containsExactly(first.id());
    }

    @Test
    void sameKeyWithAnotherNarrativeIsTheSameRequest() {
        fx.partner.thenSubmit(new PartnerOutcome.Accepted(bankReports(ACCEPTED)));
        Disbursement first = service.initiate(draft("k-1"));
        DisbursementDraft d = draft("k-1");

        Disbursement again = service.initiate(new DisbursementDraft(d.idempotencyKey(), d.product(),
                d.productReference(), d.amountMinor(), d.currency(), d.accountNumber(), d.accountName(), "other words"));

        assertThat(again).isEqualTo(first);
        assertThat(fx.partner.submitted()).hasSize(1);
    }

    @Test
    void retryWithAnotherNarrativeResendsTheOriginalContentSoTheBankCanDeDuplicateIt() {
        // given: the first submit never reached the bank
        List<Disbursement> sent = new ArrayList<>();
        fx.partner.alwaysSubmit(d -> {
            sent.add(d);
            return sent.size() == 1 ? new PartnerOutcome.NotReceived("refused") : new PartnerOutcome.Unknown("timeout");
        });
        assertThatThrownBy(() -> service.initiate(draft("k-1"))).isInstanceOf(PartnerUnavailableException.class);
        DisbursementDraft d = draft("k-1");

        // when
        service.initiate(new DisbursementDraft(d.idempotencyKey(), d.product(), d.productReference(), d.amountMinor(),
                d.currency(), d.accountNumber(), d.accountName(), "changed narrative"));

        // then: the bank answers 409 to one reference with two contents, so both sends must be identical
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).request()).isEqualTo(sent.get(0).request());
        assertThat(sent.get(1).request().narrative()).contains("loan payout");
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"FAILED", "SETTLED"})
    void finalDisbursementIsReturnedAsItIsAndNeverResent(DisbursementStatus status) {
        Disbursement existing = fx.stored("k-1", status, true, UseCaseFixture.START);

        Disbursement again = service.initiate(draft("k-1"));

        assertThat(again).isEqualTo(existing);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void sameKeyWithAnotherAmountIsAConflictAndNothingIsSent() {
        fx.partner.thenSubmit(new PartnerOutcome.Unknown("timeout"));
        Disbursement first = service.initiate(draft("k-1"));

        IdempotencyConflictException conflict = catchThrowableOfType(IdempotencyConflictException.class,
                () -> service.initiate(draftWithAmount("k-1", UseCaseFixture.AMOUNT_MINOR + 1)));

        assertThat(conflict.differingFields()).containsExactly("amount");
        assertThat(conflict.existing()).isEqualTo(first.id());
        assertThat(fx.partner.submitted()).containsExactly(first.id());
        assertThat(fx.store.all()).containsExactly(first);
    }

    @Test
    void conflictOnAStillInitiatedDisbursementDoesNotSendIt() {
        Disbursement initiated = fx.stored("k-1", INITIATED, false, UseCaseFixture.START);

        assertThatThrownBy(() -> service.initiate(draftWithAmount("k-1", 1)))
                .isInstanceOf(IdempotencyConflictException.class);

        assertThat(fx.partner.submitted()).isEmpty();
        assertThat(fx.current(initiated)).isEqualTo(initiated);
    }

    @Test
    void crashBetweenBankAcceptingAndStoringTheStateIsRepairedByTheRetryUnderTheSameReference() {
        // given: the bank accepts, then the database fails as the new state is written
        fx.partner.alwaysSubmit(sent -> {
            fx.store.failNextCalls(1);
            return new PartnerOutcome.Accepted(bankReports(SUBMITTED));
        });
        // then: the bank may have it, so the caller is never told it was not received
        assertThatThrownBy(() -> service.initiate(draft("k-1"))).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("retry with the same idempotency_key");
        Disbursement stranded = fx.store.all().get(0);
        assertThat(stranded.status()).isEqualTo(INITIATED);

        // when: the caller retries with the same key after the crashed submit's lease ran out, and the bank
        // answers its de-duplicated 200
        fx.clock.advance(LEASE.duration());
        fx.partner.alwaysSubmit(sent -> new PartnerOutcome.Accepted(bankReports(SUBMITTED)));
        Disbursement retried = service.initiate(draft("k-1"));

        // then: one disbursement, one reference at the bank, the state now stored
        assertThat(retried.id()).isEqualTo(stranded.id());
        assertThat(retried.status()).isEqualTo(SUBMITTED);
        assertThat(fx.partner.submitted()).hasSize(2).containsOnly(stranded.id());
        assertThat(fx.store.all()).hasSize(1);
    }

    @Test
    void databaseDownBeforeStoringMeansNothingReachesTheBank() {
        fx.store.failNextCalls(1);

        assertThatThrownBy(() -> service.initiate(draft("k-1"))).isInstanceOf(StoreUnavailableException.class);

        assertThat(fx.partner.submitted()).isEmpty();
        assertThat(fx.store.all()).isEmpty();
    }

    @Test
    void callbackThatSettlesDuringTheSubmitIsNotOverwrittenByTheLatePendingAnswer() {
        // given: the bank's completion callback is applied while our submit is still waiting for its answer
        fx.partner.alwaysSubmit(sent -> {
            fx.store.transition(sent.id(), new Decision.Transition(INITIATED, SETTLED, Optional.of(TRANSFER),
                    Optional.empty()), TransitionCause.callback("evt-1"), fx.clock.instant());
            return new PartnerOutcome.Accepted(bankReports(SUBMITTED));
        });

        // when
        Disbursement result = service.initiate(draft("k-1"));

        // then
        assertThat(result.status()).isEqualTo(SETTLED);
        assertThat(fx.current(result).status()).isEqualTo(SETTLED);
    }

    @Test
    void reconcilerDoesNotLeaseAnInitiatedDisbursementWhileARetrySubmitsIt() {
        // given: an INITIATED disbursement old enough for the reconciler; the caller retries it and, while
        // the retry's submit is on its way to the bank, a reconciler pass runs
        Disbursement initiated = fx.stored("k-1", INITIATED, false, UseCaseFixture.START.minus(Duration.ofHours(1)));
        ReconcileStaleDisbursementsUseCase reconciler = fx.gateway().partner(fx.partner).build().reconciler();
        List<ReconcileReport> passes = new ArrayList<>();
        fx.partner.alwaysLookup(new TransferLookup.NotFound()).alwaysSubmit(sent -> {
            passes.add(reconciler.reconcileOnce());
            return new PartnerOutcome.Accepted(bankReports(ACCEPTED));
        });

        // when
        Disbursement result = service.initiate(draft("k-1"));

        // then: the retry holds the lease, so the reconciler never asked the bank nor failed it
        assertThat(passes).singleElement().extracting(ReconcileReport::claimed).isEqualTo(0);
        assertThat(fx.partner.lookedUp()).isEmpty();
        assertThat(result.id()).isEqualTo(initiated.id());
        assertThat(result.status()).isEqualTo(ACCEPTED);
        assertThat(fx.observer.anomalies).isEmpty();
    }

    @Test
    void retryOfADisbursementTheReconcilerFailedAsNotSubmittedReturnsItWithoutSubmitting() {
        // given: the reconciler found no record at the bank and failed it before the caller's retry arrived
        Disbursement initiated = fx.stored("k-1", INITIATED, false, UseCaseFixture.START.minus(Duration.ofHours(1)));
        fx.partner.alwaysLookup(new TransferLookup.NotFound());
        fx.gateway().build().reconciler().reconcileOnce();

        // when
        Disbursement result = service.initiate(draft("k-1"));

        // then
        assertThat(result.id()).isEqualTo(initiated.id());
        assertThat(result.status()).isEqualTo(FAILED);
        assertThat(result.failure()).get().extracting(Failure::code).isEqualTo(Failure.NOT_SUBMITTED);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void retryWhileTheReconcilerHoldsTheLeaseIsToldToRetryAndNothingReachesTheBank() {
        // given: the reconciler has leased the INITIATED disbursement and is asking the bank about it
        Disbursement initiated = fx.stored("k-1", INITIATED, false, UseCaseFixture.START.minus(Duration.ofHours(1)));
        List<Throwable> retryErrors = new ArrayList<>();
        PartnerClient bank = fx.bankLookingUpWith(reference -> {
            // the caller's retry arrives between the bank's "no record" and the reconciler's decision
            retryErrors.add(catchThrowableOfType(() -> service.initiate(draft("k-1")),
                    PartnerUnavailableException.class));
            return new TransferLookup.NotFound();
        });
        ReconcileStaleDisbursementsUseCase reconciler = fx.gateway().partner(bank).build().reconciler();

        // when
        reconciler.reconcileOnce();

        // then: the caller is told to retry (gRPC UNAVAILABLE), no submit was sent, and FAILED is the truth
        assertThat(retryErrors).singleElement().isInstanceOfSatisfying(PartnerUnavailableException.class,
                e -> assertThat(e).hasMessageContaining("being submitted or reconciled"));
        assertThat(fx.partner.submitted()).isEmpty();
        assertThat(fx.current(initiated).status()).isEqualTo(FAILED);
        assertThat(service.initiate(draft("k-1")).status()).isEqualTo(FAILED);
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @Test
    void concurrentRetryWhileAnotherHoldsTheSubmitLeaseIsToldToRetry() {
        // given: a first call whose submit is still on its way to the bank
        List<Throwable> secondCall = new ArrayList<>();
        fx.partner.alwaysSubmit(sent -> {
            if (secondCall.isEmpty()) {
                secondCall.add(catchThrowableOfType(() -> service.initiate(draft("k-1")),
                        PartnerUnavailableException.class));
            }
            return new PartnerOutcome.Accepted(bankReports(ACCEPTED));
        });

        // when
        Disbursement first = service.initiate(draft("k-1"));

        // then
        assertThat(secondCall).singleElement().isInstanceOf(PartnerUnavailableException.class);
        assertThat(fx.partner.submitted()).containsExactly(first.id());
        assertThat(first.status()).isEqualTo(ACCEPTED);
    }

    @Test
    void sameKeyInTwoEmptyStoresIsSentUnderTheSameReference() {
        // given: a store that lost the row (failover, restore) is as empty as a fresh one
        UseCaseFixture restored = new UseCaseFixture();

        // when
        Disbursement before = service.initiate(draft("k-1"));
        Disbursement afterTheLoss = restored.gateway().build().initiate().initiate(draft("k-1"));

        // then: the bank sees the same reference, and de-duplicates it
        assertThat(afterTheLoss.id()).isEqualTo(before.id());
        assertThat(restored.partner.submitted()).containsExactlyElementsOf(fx.partner.submitted());
    }

    @Test
    void secondKeyForAProductReferenceThatHasALiveDisbursementIsRefusedNamingItAndNothingIsSent() {
        // given
        Disbursement first = service.initiate(draft("k-1"));
        DisbursementDraft secondKey = sameLoanUnderKey("k-2");

        // when
        ProductReferenceInUseException refused = catchThrowableOfType(ProductReferenceInUseException.class,
                () -> service.initiate(secondKey));

        // then
        assertThat(refused.existing()).isEqualTo(first.id());
        assertThat(refused).hasMessageContaining(first.id().toString()).hasMessageContaining("loan-k-1");
        assertThat(fx.store.all()).containsExactly(fx.current(first));
        assertThat(fx.partner.submitted()).containsExactly(first.id());
    }

    @Test
    void productReferenceOfAFailedDisbursementMayBePaidUnderANewKey() {
        // given
        fx.partner.thenSubmit(new PartnerOutcome.Rejected(INVALID_ACCOUNT));
        Disbursement failed = service.initiate(draft("k-1"));
        DisbursementDraft secondKey = sameLoanUnderKey("k-2");

        // when
        Disbursement second = service.initiate(secondKey);

        // then
        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(second.id()).isNotEqualTo(failed.id());
        assertThat(fx.partner.submitted()).containsExactly(failed.id(), second.id());
    }

    @Test
    void differentKeysAreDifferentDisbursementsWithDifferentReferences() {
        Disbursement first = service.initiate(draft("k-1"));
        Disbursement second = service.initiate(draft("k-2"));

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(fx.partner.submitted()).containsExactly(first.id(), second.id());
    }

    /** The request of {@code draft("k-1")}, same product reference, under another key. */
    private static DisbursementDraft sameLoanUnderKey(String key) {
        DisbursementDraft d = draft("k-1");
        return new DisbursementDraft(key, d.product(), d.productReference(), d.amountMinor(), d.currency(),
                d.accountNumber(), d.accountName(), d.narrative());
    }
}
