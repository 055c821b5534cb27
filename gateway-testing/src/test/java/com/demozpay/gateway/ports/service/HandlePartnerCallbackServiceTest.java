package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.START;
import static com.demozpay.gateway.ports.service.UseCaseFixture.TRANSFER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.demozpay.gateway.testing.InMemoryCallbackInbox;
import com.demozpay.gateway.testing.InMemoryDisbursementStore.LoggedTransition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlePartnerCallbackServiceTest {

    private final UseCaseFixture fx = new UseCaseFixture();
    private final FakeVerifier verifier = new FakeVerifier();
    private final HandlePartnerCallbackUseCase service =
            fx.gateway().callbackVerifier(verifier).build().callbacks();

    @Test
    void verifiedCallbackMovesItsDisbursementAndIsMarkedProcessed() {
        // given
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        RawCallback callback = verifier.signed("evt-1", submitted.id().toString(), bankReports(SETTLED));

        // when
        CallbackOutcome outcome = service.handle(callback);

        // then
        assertThat(outcome).isEqualTo(CallbackOutcome.APPLIED);
        assertThat(fx.current(submitted).status()).isEqualTo(SETTLED);
        assertThat(fx.store.log()).containsExactly(
                new LoggedTransition(submitted.id(), SUBMITTED, SETTLED, TransitionCause.callback("evt-1"), START));
        InMemoryCallbackInbox.Entry entry = fx.inbox.entries().get(0);
        assertThat(entry.outcome()).isEqualTo(CallbackOutcome.APPLIED);
        assertThat(entry.matched()).contains(submitted.id());
        assertThat(new String(entry.rawBody(), UTF_8)).isEqualTo("body of evt-1");
    }

    @Test
    void sameEventIdAgainIsADuplicateAndChangesNothing() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        RawCallback callback = verifier.signed("evt-1", submitted.id().toString(), bankReports(ACCEPTED));
        service.handle(callback);

        CallbackOutcome again = service.handle(callback);

        assertThat(again).isEqualTo(CallbackOutcome.DUPLICATE);
        assertThat(fx.store.log()).hasSize(1);
        assertThat(fx.inbox.entries()).hasSize(1);
    }

    @Test
    void aStoreFailureWhileProcessingLeavesNoTraceAndTheBanksRetryIsApplied() {
        // given: the database fails while the callback is processed
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        RawCallback callback = verifier.signed("evt-1", submitted.id().toString(), bankReports(SETTLED));
        fx.store.failNextCalls(1);
        assertThatThrownBy(() -> service.handle(callback)).isInstanceOf(StoreUnavailableException.class);
        assertThat(fx.inbox.entries()).isEmpty();
        assertThat(fx.observer.transitioned).isEmpty();

        // when: the bank retries the same event
        CallbackOutcome retried = service.handle(callback);

        // then: it is applied, not dropped as a duplicate
        assertThat(retried).isEqualTo(CallbackOutcome.APPLIED);
        assertThat(fx.current(submitted).status()).isEqualTo(SETTLED);
        assertThat(fx.inbox.entries()).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(CallbackOutcome.APPLIED));
    }

    @Test
    void theObserverHearsAnAppliedCallbackOnceAndADuplicateNotAtAll() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        RawCallback callback = verifier.signed("evt-1", submitted.id().toString(), bankReports(SETTLED));

        service.handle(callback);
        service.handle(callback);

        assertThat(fx.observer.transitioned).singleElement().isEqualTo(fx.current(submitted));
        assertThat(fx.observer.anomalies).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "", "7d1c1f3e8a4b4f6e9d2a1b2c3d4e5f60", "00000000-0000-0000-0000-00000000beef"})
    void callbackForAnUnknownReferenceIsKeptAsUnmatched(String reference) {
        fx.stored("k-1", SUBMITTED, true, START);
        RawCallback callback = verifier.signed("evt-1", reference, bankReports(SETTLED));

        CallbackOutcome outcome = service.handle(callback);

        assertThat(outcome).isEqualTo(CallbackOutcome.UNMATCHED);
        assertThat(fx.inbox.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.callback().reference()).isEqualTo(reference);
            assertThat(entry.outcome()).isEqualTo(CallbackOutcome.UNMATCHED);
            assertThat(entry.matched()).isEmpty();
        });
        assertThat(fx.store.log()).isEmpty();
    }

    @Test
    void repeatedUnmatchedCallbackIsAnsweredUnmatchedAgainNotDuplicate() {
        // given: a callback for a reference we do not know, already processed once
        RawCallback callback = verifier.signed("evt-1", "00000000-0000-0000-0000-00000000beef", bankReports(SETTLED));
        service.handle(callback);

        // when: the bank delivers it again
        CallbackOutcome again = service.handle(callback);

        // then: the same answer (202), and nothing new recorded
        assertThat(again).isEqualTo(CallbackOutcome.UNMATCHED);
        assertThat(fx.inbox.entries()).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(CallbackOutcome.UNMATCHED));
        assertThat(fx.store.log()).isEmpty();
    }

    @Test
    void callbackWithAnotherAmountIsAnAnomalyAndLeavesTheState() {
        Disbursement accepted = fx.stored("k-1", ACCEPTED, true, START);
        RawCallback callback = verifier.signed("evt-1", accepted.id().toString(),
                PartnerEvent.reported(SETTLED, TRANSFER, Money.etb(UseCaseFixture.AMOUNT_MINOR * 10)));

        CallbackOutcome outcome = service.handle(callback);

        assertThat(outcome).isEqualTo(CallbackOutcome.ANOMALY);
        assertThat(fx.current(accepted)).isEqualTo(accepted);
        assertThat(fx.observer.anomalies).singleElement().satisfies(r -> {
            assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.AMOUNT_MISMATCH);
            assertThat(r.cause()).isEqualTo(TransitionCause.callback("evt-1"));
        });
        assertThat(fx.inbox.entries().get(0).outcome()).isEqualTo(CallbackOutcome.ANOMALY);
    }

    @Test
    void failureAfterSettlementIsAConflictingFinalAnomaly() {
        Disbursement settled = fx.stored("k-1", SETTLED, true, START);

        CallbackOutcome outcome = service.handle(verifier.signed("evt-9", settled.id().toString(), bankReports(FAILED)));

        assertThat(outcome).isEqualTo(CallbackOutcome.ANOMALY);
        assertThat(fx.current(settled)).isEqualTo(settled);
        assertThat(fx.observer.anomalies).extracting(r -> r.anomaly().kind()).containsExactly(AnomalyKind.CONFLICTING_FINAL);
    }

    @Test
    void lateAcceptedCallbackAfterSettlementIsNoChange() {
        Disbursement settled = fx.stored("k-1", SETTLED, true, START);

        CallbackOutcome outcome = service.handle(verifier.signed("evt-2", settled.id().toString(), bankReports(ACCEPTED)));

        assertThat(outcome).isEqualTo(CallbackOutcome.NO_CHANGE);
        assertThat(fx.current(settled)).isEqualTo(settled);
        assertThat(fx.observer.anomalies).isEmpty();
        assertThat(fx.inbox.entries().get(0).outcome()).isEqualTo(CallbackOutcome.NO_CHANGE);
    }

    @Test
    void rejectedCallbackIsNeitherStoredNorApplied() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        RawCallback forged = new RawCallback(Map.of("webhook-id", "evt-1"), "body".getBytes(UTF_8));

        assertThatThrownBy(() -> service.handle(forged)).isInstanceOfSatisfying(CallbackRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(CallbackRejectedException.Reason.UNAUTHENTICATED));

        assertThat(fx.inbox.entries()).isEmpty();
        assertThat(fx.current(submitted)).isEqualTo(submitted);
    }

    /** Stands in for the bank's signature scheme: only callbacks made by {@link #signed} pass. */
    private static final class FakeVerifier implements PartnerCallbackVerifier {
        private final Map<String, VerifiedCallback> signedById = new HashMap<>();

        RawCallback signed(String eventId, String reference, PartnerEvent event) {
            signedById.put(eventId, new VerifiedCallback(eventId, reference, event, Instant.parse("2025-03-01T08:59:00Z")));
            return new RawCallback(Map.of("Webhook-Id", eventId, "Webhook-Signature", "v1,valid"),
                    ("body of " + eventId).getBytes(UTF_8));
        }

        @Override
        public VerifiedCallback verify(RawCallback callback) {
            Optional<VerifiedCallback> verified = callback.header("webhook-signature")
                    .filter("v1,valid"::equals)
                    .flatMap(signature -> callback.header("webhook-id"))
                    .map(signedById::get);
            return verified.orElseThrow(() -> new CallbackRejectedException(
                    CallbackRejectedException.Reason.UNAUTHENTICATED, "bad signature"));
        }
    }
}
