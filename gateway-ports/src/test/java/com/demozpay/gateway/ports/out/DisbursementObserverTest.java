package com.demozpay.gateway.ports.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase.ReconcileReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisbursementObserverTest {

    @Test
    void chainedObserversEachHearEveryEventFirstThenNext() {
        // given two observers that write down what they hear, chained
        List<String> heard = new ArrayList<>();
        DisbursementObserver chained = new Recording("first", heard).andThen(new Recording("next", heard));

        // when every kind of event happens once
        chained.initiated(null);
        chained.transitioned(null, null, null);
        chained.anomaly(null, null, null);
        chained.reconcileFailed(null, null);
        chained.reconcilePassed(null);
        chained.reconcilePassFailed(null);

        // then each observer heard each event, the first one first
        assertThat(heard).containsExactly(
                "first initiated", "next initiated",
                "first transitioned", "next transitioned",
                "first anomaly", "next anomaly",
                "first reconcileFailed", "next reconcileFailed",
                "first reconcilePassed", "next reconcilePassed",
                "first reconcilePassFailed", "next reconcilePassFailed");
    }

    private record Recording(String name, List<String> heard) implements DisbursementObserver {

        @Override
        public void initiated(Disbursement disbursement) {
            heard.add(name + " initiated");
        }

        @Override
        public void transitioned(Disbursement before, Disbursement after, TransitionCause cause) {
            heard.add(name + " transitioned");
        }

        @Override
        public void anomaly(Disbursement disbursement, Decision.Anomaly anomaly, TransitionCause cause) {
            heard.add(name + " anomaly");
        }

        @Override
        public void reconcileFailed(Disbursement disbursement, RuntimeException error) {
            heard.add(name + " reconcileFailed");
        }

        @Override
        public void reconcilePassed(ReconcileReport report) {
            heard.add(name + " reconcilePassed");
        }

        @Override
        public void reconcilePassFailed(RuntimeException error) {
            heard.add(name + " reconcilePassFailed");
        }
    }
}
