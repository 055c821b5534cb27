package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.START;
import static com.demozpay.gateway.ports.service.UseCaseFixture.TRANSFER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.GetDisbursementStatusUseCase;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.InMemoryDisbursementStore.LoggedTransition;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GetDisbursementStatusServiceTest {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(2);

    private final UseCaseFixture fx = new UseCaseFixture();
    private final GetDisbursementStatusUseCase service = fx.gateway().statusRefreshAfter(REFRESH_AFTER).build().status();

    @Test
    void storedStateIsReturnedByIdWithoutAskingTheBank() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);

        assertThat(service.getStatus(byId(submitted, false))).isEqualTo(submitted);
        assertThat(fx.partner.lookedUp()).isEmpty();
    }

    @Test
    void storedStateIsReturnedByIdempotencyKey() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        fx.stored("k-2", ACCEPTED, true, START);

        Disbursement found = service.getStatus(new StatusQuery(
                new StatusQuery.Lookup.ByIdempotencyKey(new IdempotencyKey("k-1")), false));

        assertThat(found).isEqualTo(submitted);
    }

    @Test
    void unknownIdIsNotFound() {
        StatusQuery query = new StatusQuery(new StatusQuery.Lookup.ById(new DisbursementId(UUID.randomUUID())), true);

        assertThatThrownBy(() -> service.getStatus(query)).isInstanceOf(DisbursementNotFoundException.class)
                .hasMessageContaining("id ");
        assertThat(fx.partner.lookedUp()).isEmpty();
    }

    @Test
    void unknownIdempotencyKeyIsNotFound() {
        StatusQuery query = new StatusQuery(new StatusQuery.Lookup.ByIdempotencyKey(new IdempotencyKey("nope")), false);

        assertThatThrownBy(() -> service.getStatus(query)).isInstanceOf(DisbursementNotFoundException.class)
                .hasMessageContaining("idempotency_key nope");
    }

    @Test
    void refreshAppliesTheBanksAnswerThroughTheDomain() {
        // given
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(SETTLED)));

        // when
        Disbursement refreshed = service.getStatus(byId(submitted, true));

        // then
        assertThat(refreshed.status()).isEqualTo(SETTLED);
        assertThat(fx.current(submitted)).isEqualTo(refreshed);
        assertThat(fx.partner.lookedUp()).containsExactly(submitted.id());
        assertThat(fx.store.log()).containsExactly(new LoggedTransition(submitted.id(), SUBMITTED, SETTLED,
                TransitionCause.of(TransitionSource.POLL), START));
    }

    @Test
    void refreshThatFindsAnAmountMismatchReportsItAndKeepsTheState() {
        Disbursement accepted = fx.stored("k-1", ACCEPTED, true, START);
        fx.partner.thenLookup(new TransferLookup.Found(PartnerEvent.reported(SETTLED, TRANSFER, Money.etb(1))));

        Disbursement result = service.getStatus(byId(accepted, true));

        assertThat(result).isEqualTo(accepted);
        assertThat(fx.observer.anomalies).singleElement()
                .satisfies(r -> assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.AMOUNT_MISMATCH));
    }

    @Test
    void initiatedDisbursementTheBankKnowsIsAdoptedOnRefresh() {
        Disbursement initiated = fx.stored("k-1", INITIATED, false, START);
        fx.partner.thenLookup(new TransferLookup.Found(bankReports(ACCEPTED)));

        assertThat(service.getStatus(byId(initiated, true)).status()).isEqualTo(ACCEPTED);
    }

    @Test
    void disbursementUnchangedForLongerThanTheIntervalIsRefreshedWithoutBeingAsked() {
        // given
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        fx.partner.alwaysLookup(new TransferLookup.Found(bankReports(ACCEPTED)));

        // when: exactly the interval has passed, nothing is asked yet
        fx.clock.advance(REFRESH_AFTER);
        Disbursement atInterval = service.getStatus(byId(submitted, false));

        // then
        assertThat(atInterval.status()).isEqualTo(SUBMITTED);
        assertThat(fx.partner.lookedUp()).isEmpty();

        // when: a moment later the bank is asked
        fx.clock.advance(Duration.ofMillis(1));
        Disbursement afterInterval = service.getStatus(byId(submitted, false));

        // then
        assertThat(afterInterval.status()).isEqualTo(ACCEPTED);
        assertThat(fx.partner.lookedUp()).containsExactly(submitted.id());
    }

    @Test
    void bankUnreachableDuringRefreshReturnsTheStoredState() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        fx.partner.thenLookup(new TransferLookup.Unavailable("connect timed out"));

        assertThat(service.getStatus(byId(submitted, true))).isEqualTo(submitted);
        assertThat(fx.partner.lookedUp()).hasSize(1);
        assertThat(fx.store.log()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"INITIATED", "SUBMITTED", "ACCEPTED"})
    void bankWithoutRecordDuringRefreshReturnsTheStoredState(DisbursementStatus status) {
        Disbursement stored = fx.stored("k-1", status, status != INITIATED, START);
        fx.partner.thenLookup(new TransferLookup.NotFound());

        assertThat(service.getStatus(byId(stored, true))).isEqualTo(stored);
        assertThat(fx.store.log()).isEmpty();
        assertThat(fx.partner.submitted()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = DisbursementStatus.class, names = {"SETTLED", "FAILED"})
    void finalDisbursementIsNeverAskedAbout(DisbursementStatus status) {
        Disbursement done = fx.stored("k-1", status, true, START);
        fx.clock.advance(Duration.ofDays(30));

        assertThat(service.getStatus(byId(done, true))).isEqualTo(done);
        assertThat(service.getStatus(byId(done, false))).isEqualTo(done);
        assertThat(fx.partner.lookedUp()).isEmpty();
    }

    @Test
    void databaseDownIsAnErrorNotAStaleAnswer() {
        Disbursement submitted = fx.stored("k-1", SUBMITTED, true, START);
        fx.store.failNextCalls(1);

        assertThatThrownBy(() -> service.getStatus(byId(submitted, true))).isInstanceOf(StoreUnavailableException.class);
    }

    private static StatusQuery byId(Disbursement disbursement, boolean refresh) {
        return new StatusQuery(new StatusQuery.Lookup.ById(disbursement.id()), refresh);
    }
}
