package com.demozpay.gateway.app.e2e;

import static com.demozpay.gateway.app.e2e.GatewayFixture.newKey;
import static com.demozpay.gateway.app.e2e.GatewayFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.app.e2e.DatabaseRows.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bank's callbacks never arrive in this class (the sandbox drops them all), so what settles a
 * disbursement is the reconciler alone: every 300 ms it asks the bank about those unchanged for 1 s.
 */
class ReconcilerFlowIT {

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start(ReconcilerFlowIT.class, Map.of());
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @BeforeEach
    void loseEveryCallback() {
        gateway.healBank();
        gateway.bank.faults().callbacksOff(true);
    }

    @AfterEach
    void healBank() {
        gateway.healBank();
    }

    @Test
    void disbursementWhoseCallbacksAreLostIsSettledByTheReconciler() {
        // when
        Disbursement submitted = gateway.initiate(request(newKey()));

        // then
        assertThat(submitted.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        Disbursement settled = gateway.awaitStatus(submitted.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(settled.getPartnerReference()).isEqualTo(
                gateway.bank.transfer(submitted.getId()).orElseThrow().transferId());
        assertThat(gateway.bank.submitsFor(submitted.getId())).isEqualTo(1);
        assertMovedByTheReconcilerAfterSubmit(submitted.getId());
        assertThat(gateway.rows.inbox(submitted.getId())).isEmpty();
    }

    @Test
    void submitThatTimesOutIsSettledByTheReconcilerWithOneTransfer() {
        // given: the bank records the transfer, then holds its answer past the gateway's 1 s request timeout
        gateway.bank.faults().hang(1.0, Duration.ofSeconds(3));

        // when
        Disbursement unknown = gateway.initiate(request(newKey()));
        gateway.bank.faults().hang(0, Duration.ofSeconds(3));

        // then
        assertThat(unknown.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(unknown.getPartnerReference()).isEmpty();
        assertThat(gateway.bank.transfer(unknown.getId())).isPresent();
        gateway.awaitStatus(unknown.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(gateway.bank.submitsFor(unknown.getId())).isEqualTo(1);
        assertMovedByTheReconcilerAfterSubmit(unknown.getId());
    }

    @Test
    void unknownOutcomeTheBankNeverRecordedIsResentUnderTheSameReference() {
        // given: the bank answers 429 before recording anything, an outcome the gateway cannot know
        int transfers = gateway.bank.distinctTransfers();
        gateway.bank.faults().throttle(1.0);

        // when
        Disbursement unknown = gateway.initiate(request(newKey()));
        gateway.bank.faults().throttle(0);

        // then
        assertThat(unknown.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(gateway.bank.transfer(unknown.getId())).isEmpty();
        gateway.awaitStatus(unknown.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(gateway.bank.submitsFor(unknown.getId())).isEqualTo(2);
        assertThat(gateway.bank.distinctTransfers()).isEqualTo(transfers + 1);
        assertMovedByTheReconcilerAfterSubmit(unknown.getId());
    }

    /** Created and submitted by the API; every later step by the reconciler, each state once, ending SETTLED. */
    private static void assertMovedByTheReconcilerAfterSubmit(String id) {
        List<Transition> log = gateway.rows.transitions(id);
        assertThat(log.subList(0, 2)).containsExactly(
                new Transition(null, "INITIATED", "api", null),
                new Transition("INITIATED", "SUBMITTED", "api", null));
        assertThat(log.subList(2, log.size())).isNotEmpty().allSatisfy(t -> assertThat(t.source()).isEqualTo("reconciler"));
        assertThat(log).extracting(Transition::to).doesNotHaveDuplicates().last().isEqualTo("SETTLED");
    }
}
