package com.demozpay.gateway.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.EventCursor;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.InMemoryDisbursementEventFeed;
import com.demozpay.gateway.testing.InMemoryDisbursementStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatchDisbursementsServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final TransitionCause WEBHOOK = TransitionCause.callback("evt-1");

    private final InMemoryDisbursementStore store = new InMemoryDisbursementStore();
    private final WatchDisbursementsService watch = new WatchDisbursementsService(new InMemoryDisbursementEventFeed(store));

    private Disbursement stored(String key) {
        Disbursement disbursement = Disbursement.initiate(new DisbursementId(UUID.randomUUID()),
                new DisbursementRequest(new IdempotencyKey(key), Product.EWA, "ewa-" + key, Money.etb(150_000),
                        new Beneficiary("1000123456789", "Abebe Kebede"), Optional.empty()), T0);
        return store.insertIfAbsent(disbursement).disbursement();
    }

    private void settle(Disbursement disbursement) {
        store.transition(disbursement.id(), new Decision.Transition(DisbursementStatus.INITIATED,
                DisbursementStatus.SETTLED, Optional.empty(), Optional.empty()), WEBHOOK, T0.plusSeconds(5));
    }

    @Test
    void anEmptyCursorStartsAtTheCurrentEndSoOnlyLaterChangesArrive() {
        Disbursement before = stored("before");
        settle(before);

        EventCursor start = watch.startAfter("");
        Disbursement after = stored("after");

        assertThat(watch.eventsAfter(start, 10)).extracting(e -> e.disbursement().id()).containsExactly(after.id());
    }

    @Test
    void aCursorResumesRightAfterItsEventWithNothingReplayedAndNothingSkipped() {
        EventCursor start = watch.startAfter("");
        Disbursement first = stored("first");
        settle(first);
        Disbursement second = stored("second");
        List<DisbursementEvent> firstTwo = watch.eventsAfter(start, 2);

        EventCursor resumed = watch.startAfter(firstTwo.get(1).cursor().toString());

        assertThat(firstTwo).extracting(e -> e.disbursement().status(), e -> e.fromStatus().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DisbursementStatus.INITIATED, null),
                        org.assertj.core.groups.Tuple.tuple(DisbursementStatus.SETTLED, DisbursementStatus.INITIATED));
        assertThat(watch.eventsAfter(resumed, 10)).extracting(e -> e.disbursement().id()).containsExactly(second.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "v1-", "v1--3", "v1-01", "v2-3", "v1-3 ", "v1-99999999999999999999", "v1-9223372036854775808"})
    void aMalformedCursorIsRefusedNamingTheField(String cursor) {
        assertThatThrownBy(() -> watch.startAfter(cursor))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(InvalidRequestException.Violation::field).containsExactly("after_cursor"));
    }

    @Test
    void aCursorBeyondTheEndOfTheFeedIsRefusedRatherThanWaitedFor() {
        stored("only");

        assertThatThrownBy(() -> watch.startAfter("v1-2")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("beyond the end");
        assertThat(watch.startAfter("v1-1")).isEqualTo(new EventCursor(1));
    }

    @Test
    void theWireFormOfACursorReadsBackAsTheSameCursor() {
        EventCursor cursor = new EventCursor(9_223_372_036_854_775_807L);

        assertThat(EventCursor.parse(cursor.toString(), "c")).isEqualTo(cursor);
        assertThat(EventCursor.START.toString()).isEqualTo("v1-0");
    }
}
