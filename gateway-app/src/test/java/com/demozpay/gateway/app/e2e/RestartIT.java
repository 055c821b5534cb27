package com.demozpay.gateway.app.e2e;

import static com.demozpay.gateway.app.e2e.GatewayFixture.newKey;
import static com.demozpay.gateway.app.e2e.GatewayFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.app.e2e.DatabaseRows.Transition;
import com.demozpay.gateway.sandbox.SandboxTransfer;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway's process dies and comes back. The first run holds disbursements in every non-final
 * state: its reconciler is parked (it would look only after an hour) and the bank's callbacks are
 * lost, so nothing moves them on. It is then killed with SIGKILL and started again on the same
 * database and ports with the fast reconciler, as a new pod would be. The last test stops it with
 * SIGTERM, as Kubernetes does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {

    /** The submit held at the kill keeps its claim (connect + request timeout + 5 s = 36 s) after the restart. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    /** Parks the first run's reconciler, and lets a submit the bank holds on to wait until the kill. */
    private static final Map<String, String> FIRST_RUN = Map.of(
            "GATEWAY_RECONCILE_INITIATED_AFTER", "1h",
            "GATEWAY_RECONCILE_INFLIGHT_AFTER", "1h",
            "GATEWAY_DASHEN_REQUEST_TIMEOUT", "30s",
            "GATEWAY_LEASE_DURATION", "1m");

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        // Transfers stay ACCEPTED at the bank for 4 s: time to see that state through the gateway.
        gateway = GatewayFixture.start(RestartIT.class, FIRST_RUN,
                bank -> bank.withDelays(Duration.ofMillis(300), Duration.ofSeconds(4)));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void everyDisbursementLeftInFlightBySigkillReachesItsFinalStateAfterRestartWithOneTransferEach() throws Exception {
        // given: callbacks lost while the first run is up
        gateway.bank.faults().callbacksOff(true);
        String neverReceived = initiatedWhileTheBankIsDown();
        String submitted = submittedWithAnUnknownOutcome();
        String accepted = acceptedAsTheBankReportedIt();
        String receivedButNotStored = initiatedWhileTheBanksAnswerIsPending();
        assertThat(List.of(neverReceived, submitted, accepted, receivedButNotStored))
                .extracting(gateway.rows::status)
                .containsExactly("INITIATED", "SUBMITTED", "ACCEPTED", "INITIATED");

        // when: the process dies; the bank's callbacks work again and are retried until the gateway is back
        gateway.kill();
        assertThat(IntStream.of(gateway.grpcPort, gateway.webhookPort, gateway.adminPort))
                .noneMatch(FreePorts::isListening);
        gateway.bank.faults().callbacksOff(false);
        gateway.startGateway(Map.of());

        // then
        assertThat(awaitFinal(neverReceived)).satisfies(d -> {
            assertThat(d.getStatus()).isEqualTo(DisbursementStatus.FAILED);
            assertThat(d.getFailureCode()).isEqualTo("NOT_SUBMITTED");
        });
        assertThat(gateway.rows.transitions(neverReceived)).last()
                .isEqualTo(new Transition("INITIATED", "FAILED", "reconciler", null));
        for (String id : List.of(submitted, accepted, receivedButNotStored)) {
            assertThat(awaitFinal(id).getStatus()).as(id).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(gateway.bank.submitsFor(id)).as("submits of " + id).isEqualTo(1);
            assertThat(gateway.bank.transfer(id)).as(id).hasValueSatisfying(t ->
                    assertThat(t.status()).isEqualTo(SandboxTransfer.Status.COMPLETED));
        }
        for (String id : List.of(neverReceived, submitted, accepted, receivedButNotStored)) {
            assertThat(gateway.rows.transitions(id)).as("transitions of " + id).extracting(Transition::to)
                    .doesNotHaveDuplicates();
        }
        assertThat(gateway.bank.submitsFor(neverReceived)).isZero();
        assertThat(gateway.bank.distinctTransfers()).isEqualTo(3);

        // and the caller's late retry of the one the bank never got sends nothing
        Disbursement retried = gateway.initiate(request(keyOf(neverReceived)));
        assertThat(retried.getStatus()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(gateway.bank.submitsFor(neverReceived)).isZero();
    }

    @Test
    @Order(2)
    void sigtermDrainsAndExitsZeroWithNothingListening() {
        // given
        GatewayProcess process = gateway.process();
        assertThat(process.isAlive()).isTrue();

        // when
        process.terminate();

        // then
        assertThat(process.awaitExit(Duration.ofSeconds(30))).isZero();
        List<String> messages = process.stdoutLines().stream().map(RestartIT::msg).toList();
        assertThat(messages).containsSubsequence("gateway started", "gateway stopping", "gateway stopped");
        assertThat(messages).last().isEqualTo("gateway stopped");
        assertThat(IntStream.of(gateway.grpcPort, gateway.webhookPort, gateway.adminPort))
                .noneMatch(FreePorts::isListening);
    }

    /** INITIATED, and the bank never got it: connection refused. */
    private static String initiatedWhileTheBankIsDown() {
        String key = newKey();
        gateway.bank.goDown();
        try {
            assertThatThrownBy(() -> gateway.initiate(request(key)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            gateway.bank.comeUp();
        }
        return gateway.rows.byIdempotencyKey(key).orElseThrow().id();
    }

    /** SUBMITTED: the bank recorded it and answered 500. */
    private static String submittedWithAnUnknownOutcome() {
        gateway.bank.faults().errorAfterRecord(1.0);
        try {
            Disbursement unknown = gateway.initiate(request(newKey()));
            assertThat(unknown.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
            return unknown.getId();
        } finally {
            gateway.bank.faults().errorAfterRecord(0);
        }
    }

    /** ACCEPTED: a refreshing GetStatus saw the bank accept it. */
    private static String acceptedAsTheBankReportedIt() {
        String id = gateway.initiate(request(newKey())).getId();
        Eventually.await("the bank accepted " + id, SETTLE_LIMIT, () -> gateway.bank.transfer(id).orElseThrow().status(),
                status -> status == SandboxTransfer.Status.ACCEPTED);
        Disbursement refreshed = gateway.api().getStatus(GetStatusRequest.newBuilder().setId(id).setRefresh(true).build());
        assertThat(refreshed.getStatus()).isEqualTo(DisbursementStatus.ACCEPTED);
        return id;
    }

    /**
     * INITIATED although the bank has it: the bank recorded the transfer and holds its answer, and the
     * gateway is killed before the answer comes (the crash between "the bank has it" and "we stored that").
     */
    private static String initiatedWhileTheBanksAnswerIsPending() {
        String key = newKey();
        gateway.bank.faults().hang(1.0, Duration.ofSeconds(60));
        var pending = gateway.asyncApi().initiateDisbursement(request(key));
        String id = Eventually.await("the row for " + key, SETTLE_LIMIT, () -> gateway.rows.byIdempotencyKey(key),
                row -> row.isPresent()).orElseThrow().id();
        Eventually.await("the bank recorded " + id, SETTLE_LIMIT, () -> gateway.bank.transfer(id), t -> t.isPresent());
        gateway.bank.faults().hang(0, Duration.ofSeconds(60));
        assertThat(pending.isDone()).as("the initiation is still waiting for the bank").isFalse();
        return id;
    }

    private static Disbursement awaitFinal(String id) {
        return Eventually.await(id + " is final", SETTLE_LIMIT, () -> gateway.status(id),
                d -> d.getStatus() == DisbursementStatus.SETTLED || d.getStatus() == DisbursementStatus.FAILED);
    }

    private static String keyOf(String id) {
        return gateway.status(id).getIdempotencyKey();
    }

    private static String msg(String line) {
        JsonNode json = GatewayFixture.parse(line);
        return json == null ? "" : json.path("msg").asText();
    }
}
