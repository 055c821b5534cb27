package com.demozpay.gateway.ports.service;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.ports.service.UseCaseFixture.START;
import static com.demozpay.gateway.ports.service.UseCaseFixture.TRANSFER;
import static com.demozpay.gateway.ports.service.UseCaseFixture.bankReports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.DelegatingDisbursementStore;
import com.demozpay.gateway.testing.InMemoryDisbursementStore;
import com.demozpay.gateway.testing.InMemoryDisbursementStore.LoggedTransition;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionRecorderTest {

    private static final TransitionCause POLL = TransitionCause.of(TransitionSource.POLL);
    private static final TransitionCause WINNER = TransitionCause.callback("evt-winner");

    private final UseCaseFixture fx = new UseCaseFixture();
    private final LosingOnceStore store = new LosingOnceStore(fx.store);
    private final TransitionRecorder recorder = new TransitionRecorder(store, fx.observer, fx.clock);

    @Test
    void loserOfTheCompareAndSetReDecidesOnTheWinnersStateAndStillMovesOn() {
        // given: we read INITIATED; a callback moves it to SUBMITTED before our write lands
        Disbursement read = fx.stored("k-1", INITIATED, false, START);
        store.winnerMovesFirst(SUBMITTED);

        // when
        TransitionRecorder.Recorded recorded = recorder.record(read, d -> d.decide(bankReports(ACCEPTED)), POLL);

        // then: our ACCEPTED is applied on top of the winner's SUBMITTED, never over it
        assertThat(recorded.latest().status()).isEqualTo(ACCEPTED);
        assertThat(recorded.decision()).isEqualTo(new Decision.Transition(SUBMITTED, ACCEPTED, Optional.of(TRANSFER),
                Optional.empty()));
        assertThat(fx.store.log()).extracting(LoggedTransition::from, LoggedTransition::to, LoggedTransition::cause)
                .containsExactly(tuple(INITIATED, SUBMITTED, WINNER), tuple(SUBMITTED, ACCEPTED, POLL));
        assertThat(store.lostCount).isEqualTo(1);
    }

    @Test
    void loserWhoseEventIsNowStaleChangesNothing() {
        Disbursement read = fx.stored("k-1", SUBMITTED, true, START);
        store.winnerMovesFirst(SETTLED);

        TransitionRecorder.Recorded recorded = recorder.record(read, d -> d.decide(bankReports(ACCEPTED)), POLL);

        assertThat(recorded.latest().status()).isEqualTo(SETTLED);
        assertThat(recorded.decision()).isInstanceOf(Decision.NoChange.class);
        assertThat(fx.store.log()).hasSize(1);
        assertThat(fx.observer.transitioned).isEmpty();
    }

    @Test
    void loserContradictingTheWinnersFinalReportsAnAnomalyAgainstTheWinnersState() {
        Disbursement read = fx.stored("k-1", ACCEPTED, true, START);
        store.winnerMovesFirst(SETTLED);

        TransitionRecorder.Recorded recorded = recorder.record(read, d -> d.decide(bankReports(FAILED)), POLL);

        assertThat(recorded.latest().status()).isEqualTo(SETTLED);
        assertThat(fx.current(read).status()).isEqualTo(SETTLED);
        assertThat(fx.observer.anomalies).singleElement().satisfies(r -> {
            assertThat(r.anomaly().kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL);
            assertThat(r.disbursement().status()).isEqualTo(SETTLED);
        });
    }

    @Test
    void storeThatNeverLetsAWriteLandEndsInAnErrorNotALoop() {
        Disbursement read = fx.stored("k-1", SUBMITTED, true, START);
        DisbursementStore alwaysLost = new LosingOnceStore(fx.store) {
            @Override
            public TransitionResult transition(DisbursementId id, Decision.Transition t, TransitionCause c, Instant at) {
                return new TransitionResult.Lost(read);
            }
        };

        assertThatThrownBy(() -> new TransitionRecorder(alwaysLost, fx.observer, fx.clock)
                .record(read, d -> d.decide(bankReports(SETTLED)), POLL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(read.id().toString());
    }

    /**
     * The in-memory store, except that just before the next transition lands another writer moves the
     * disbursement, so the compare-and-set reports Lost once, exactly as under a real race.
     */
    private static class LosingOnceStore extends DelegatingDisbursementStore {
        private final InMemoryDisbursementStore delegate;
        private Optional<DisbursementStatus> winnerTarget = Optional.empty();
        int lostCount;

        LosingOnceStore(InMemoryDisbursementStore delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        void winnerMovesFirst(DisbursementStatus target) {
            winnerTarget = Optional.of(target);
        }

        @Override
        public TransitionResult transition(DisbursementId id, Decision.Transition transition, TransitionCause cause,
                Instant at) {
            winnerTarget.ifPresent(target -> {
                winnerTarget = Optional.empty();
                Disbursement current = delegate.findById(id).orElseThrow();
                Decision.Transition win = (Decision.Transition) current.decide(bankReports(target));
                assertThat(delegate.transition(id, win, WINNER, at)).isInstanceOf(TransitionResult.Applied.class);
            });
            TransitionResult result = delegate.transition(id, transition, cause, at);
            if (result instanceof TransitionResult.Lost) {
                lostCount++;
            }
            return result;
        }
    }
}
