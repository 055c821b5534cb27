package com.demozpay.gateway.app.e2e;

import static com.demozpay.gateway.app.e2e.GatewayFixture.REJECTED_ACCOUNT;
import static com.demozpay.gateway.app.e2e.GatewayFixture.newKey;
import static com.demozpay.gateway.app.e2e.GatewayFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.app.e2e.DatabaseRows.InboxEntry;
import com.demozpay.gateway.app.e2e.DatabaseRows.Transition;
import com.demozpay.gateway.sandbox.SandboxTransfer;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow over the wire with the reconciler parked (it would look at a disbursement only after
 * an hour): whatever moves a disbursement here is the API's submit, the bank's real callbacks on the
 * webhook port, or a GetStatus that asks for a refresh. The sandbox accepts a transfer 1 s after it
 * received it, long enough for the gateway to have stored the submit's answer first.
 */
class CallbackFlowIT {

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start(CallbackFlowIT.class,
                Map.of("GATEWAY_RECONCILE_INITIATED_AFTER", "1h", "GATEWAY_RECONCILE_INFLIGHT_AFTER", "1h"),
                bank -> bank.withDelays(Duration.ofSeconds(1), Duration.ofMillis(300)));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void healBank() {
        gateway.healBank();
    }

    @Test
    void disbursementIsSettledByTheBanksCallbacksAlone() {
        // when
        Disbursement initiated = gateway.initiate(request(newKey()));

        // then
        String id = initiated.getId();
        assertThat(initiated.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        Disbursement settled = gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(settled.getPartnerReference()).isEqualTo(gateway.bank.transfer(id).orElseThrow().transferId());
        assertThat(gateway.bank.submitsFor(id)).isEqualTo(1);
        List<Transition> log = gateway.rows.transitions(id);
        assertThat(log).extracting(Transition::from, Transition::to, Transition::source).containsExactly(
                tuple(null, "INITIATED", "api"),
                tuple("INITIATED", "SUBMITTED", "api"),
                tuple("SUBMITTED", "ACCEPTED", "webhook"),
                tuple("ACCEPTED", "SETTLED", "webhook"));
        List<InboxEntry> inbox = gateway.rows.inbox(id);
        assertThat(inbox).extracting(InboxEntry::reportedStatus, InboxEntry::outcome)
                .containsExactly(tuple("ACCEPTED", "APPLIED"), tuple("SETTLED", "APPLIED"));
        assertThat(log.subList(2, 4)).extracting(Transition::partnerEventId)
                .containsExactly(inbox.get(0).eventId(), inbox.get(1).eventId());
    }

    @Test
    void sameKeyAndSameRequestReturnTheSameDisbursementAndReachTheBankOnce() {
        // given
        String key = newKey();
        long stored = gateway.rows.disbursementCount();
        Disbursement first = gateway.initiate(request(key));

        // when
        Disbursement repeated = gateway.initiate(request(key));
        Disbursement otherNarrative = gateway.initiate(request(key).toBuilder().setNarrative("Salary advance").build());
        gateway.awaitStatus(first.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        Disbursement afterSettlement = gateway.initiate(request(key));

        // then
        assertThat(List.of(repeated, otherNarrative, afterSettlement)).extracting(Disbursement::getId)
                .containsOnly(first.getId());
        assertThat(afterSettlement.getStatus()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(gateway.bank.submitsFor(first.getId())).isEqualTo(1);
        assertThat(gateway.rows.disbursementCount()).isEqualTo(stored + 1);
        assertThat(gateway.rows.transitions(first.getId())).filteredOn(t -> t.from() == null).hasSize(1);
    }

    @Test
    void sameKeyWithAnotherAmountOrBeneficiaryIsAlreadyExistsAndStoresNothing() {
        // given
        String key = newKey();
        Disbursement original = gateway.initiate(request(key));
        long stored = gateway.rows.disbursementCount();
        int submits = gateway.bank.totalSubmits();

        // when / then
        assertThatThrownBy(() -> gateway.initiate(request(key).toBuilder()
                .setAmount(Money.newBuilder().setAmountMinor(200_00).setCurrency("ETB")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).contains("amount").contains(original.getId())
                            .doesNotContain("beneficiary");
                });
        assertThatThrownBy(() -> gateway.initiate(request(key).toBuilder()
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber("1000987654321").setAccountName("Abebe Kebede"))
                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).contains("beneficiary").doesNotContain("amount");
                });
        assertThat(gateway.rows.disbursementCount()).isEqualTo(stored);
        assertThat(gateway.rows.byIdempotencyKey(key)).hasValueSatisfying(row -> {
            assertThat(row.id()).isEqualTo(original.getId());
            assertThat(row.amountMinor()).isEqualTo(GatewayFixture.AMOUNT_MINOR);
        });
        assertThat(gateway.bank.totalSubmits()).isEqualTo(submits);
        assertThat(gateway.bank.transfer(original.getId())).hasValueSatisfying(transfer ->
                assertThat(transfer.order().creditAccount()).isEqualTo(GatewayFixture.ACCOUNT));
    }

    @Test
    void accountTheBankRefusesEndsFailedWithTheBanksCode() {
        // when
        Disbursement failed = gateway.initiate(request(newKey(), REJECTED_ACCOUNT));

        // then
        assertThat(failed.getStatus()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(failed.getFailureCode()).isEqualTo("INVALID_ACCOUNT");
        assertThat(failed.getFailureMessage()).isNotBlank();
        assertThat(gateway.status(failed.getId()).getStatus()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(gateway.rows.transitions(failed.getId()))
                .extracting(Transition::from, Transition::to, Transition::source)
                .containsExactly(tuple(null, "INITIATED", "api"), tuple("INITIATED", "FAILED", "api"));
        assertThat(gateway.bank.submitsFor(failed.getId())).isEqualTo(1);
        assertThat(gateway.bank.transfer(failed.getId())).isEmpty();
    }

    @Test
    void bankDownIsUnavailableAndTheRetryOnceItIsBackMakesExactlyOneTransfer() {
        // given
        String key = newKey();
        gateway.bank.goDown();

        // when
        assertThatThrownBy(() -> gateway.initiate(request(key)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("retry with the same idempotency_key");
                });

        // then
        DatabaseRows.Row initiated = gateway.rows.byIdempotencyKey(key).orElseThrow();
        assertThat(initiated.status()).isEqualTo("INITIATED");
        assertThat(gateway.bank.submitsFor(initiated.id())).isZero();

        // when
        gateway.bank.comeUp();
        Disbursement retried = gateway.initiate(request(key));

        // then
        assertThat(retried.getId()).isEqualTo(initiated.id());
        assertThat(retried.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        gateway.awaitStatus(retried.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(gateway.bank.submitsFor(retried.getId())).isEqualTo(1);
        assertThat(gateway.bank.transfer(retried.getId())).isPresent();
    }

    @Test
    void unknownSubmitOutcomeAnswersSubmittedAndSettlesLaterWithOneTransfer() {
        // given: the bank records the transfer, then answers 500
        gateway.bank.faults().errorAfterRecord(1.0);

        // when
        Disbursement unknown = gateway.initiate(request(newKey()));
        gateway.bank.faults().errorAfterRecord(0);

        // then
        assertThat(unknown.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(unknown.getPartnerReference()).isEmpty();
        Disbursement settled = gateway.awaitStatus(unknown.getId(), DisbursementStatus.SETTLED, SETTLE_LIMIT);
        assertThat(settled.getPartnerReference()).isEqualTo(gateway.bank.transfer(unknown.getId()).orElseThrow().transferId());
        assertThat(gateway.bank.submitsFor(unknown.getId())).isEqualTo(1);
    }

    @Test
    void duplicatedCallbacksAreAnswered200AndAppliedOnce() {
        // given: every callback of the next transfer is sent twice under one webhook-id
        gateway.bank.faults().duplicateCallbacks(1.0);

        // when
        String id = gateway.initiate(request(newKey())).getId();
        gateway.bank.faults().duplicateCallbacks(0);

        // then
        gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT);
        List<InboxEntry> inbox = gateway.rows.inbox(id);
        assertThat(inbox).extracting(InboxEntry::reportedStatus, InboxEntry::outcome)
                .containsExactly(tuple("ACCEPTED", "APPLIED"), tuple("SETTLED", "APPLIED"));
        for (InboxEntry entry : inbox) {
            List<JsonNode> answers = Eventually.await("both copies of " + entry.eventId() + " answered", SETTLE_LIMIT,
                    () -> webhookAnswers(entry.eventId()), a -> a.size() >= 2);
            assertThat(answers).extracting(a -> a.path("status").asInt(), a -> a.path("outcome").asText())
                    .containsExactly(tuple(200, "applied"), tuple(200, "duplicate"));
        }
        assertThat(gateway.rows.transitions(id)).extracting(Transition::to)
                .containsExactly("INITIATED", "SUBMITTED", "ACCEPTED", "SETTLED");
    }

    @Test
    void acceptedCallbackArrivingAfterCompletionChangesNothing() {
        // given: the next transfer's transfer.accepted is held back until after transfer.completed
        gateway.bank.faults().reorderCallbacks(1.0);

        // when
        String id = gateway.initiate(request(newKey())).getId();
        gateway.bank.faults().reorderCallbacks(0);

        // then
        gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT);
        List<InboxEntry> inbox = Eventually.await("both callbacks of " + id + " processed", SETTLE_LIMIT,
                () -> gateway.rows.inbox(id), entries -> entries.size() == 2 && entries.get(1).outcome() != null);
        assertThat(inbox).extracting(InboxEntry::reportedStatus, InboxEntry::outcome)
                .containsExactly(tuple("SETTLED", "APPLIED"), tuple("ACCEPTED", "NO_CHANGE"));
        assertThat(webhookAnswers(inbox.get(1).eventId())).extracting(a -> a.path("status").asInt())
                .containsExactly(200);
        assertThat(gateway.rows.transitions(id)).extracting(Transition::from, Transition::to, Transition::source)
                .containsExactly(
                        tuple(null, "INITIATED", "api"),
                        tuple("INITIATED", "SUBMITTED", "api"),
                        tuple("SUBMITTED", "SETTLED", "webhook"));
        assertThat(gateway.status(id).getStatus()).isEqualTo(DisbursementStatus.SETTLED);
    }

    @Test
    void forgedCallbacksAreRefused401AndChangeNothing() throws Exception {
        // given: a submitted disbursement whose transfer the bank completed, its callbacks lost
        gateway.bank.faults().callbacksOff(true);
        String id = gateway.initiate(request(newKey())).getId();
        SandboxTransfer completed = awaitBankStatus(id, SandboxTransfer.Status.COMPLETED);
        List<Transition> before = gateway.rows.transitions(id);
        byte[] genuine = GatewayFixture.completedCallback(id, completed.transferId(), "150.00");
        byte[] tampered = GatewayFixture.completedCallback(id, completed.transferId(), "15000.00");
        DashenSigningKey otherKey = DashenSigningKey.parse(Base64.getEncoder().encodeToString(new byte[32]));

        // when
        String forgedId = "msg_forged_" + UUID.randomUUID();
        HttpResponse<String> wrongKey = gateway.postCallback(forgedId, genuine, genuine, otherKey);
        HttpResponse<String> changedBody = gateway.postCallback("msg_tampered_" + UUID.randomUUID(), tampered, genuine,
                gateway.signingKey);

        // then
        assertThat(List.of(wrongKey, changedBody)).extracting(HttpResponse::statusCode).containsOnly(401);
        assertThat(gateway.status(id).getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(gateway.rows.transitions(id)).isEqualTo(before);
        assertThat(gateway.rows.inbox(id)).isEmpty();

        // and the same callback, signed with the shared key, is what the gateway does accept
        HttpResponse<String> signed = gateway.postCallback(forgedId, genuine, genuine, gateway.signingKey);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(gateway.status(id).getStatus()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(gateway.rows.transitions(id)).last()
                .isEqualTo(new Transition("SUBMITTED", "SETTLED", "webhook", forgedId));
    }

    @Test
    void getStatusWithRefreshPicksUpTheBanksState() {
        // given: the bank completed the transfer and its callbacks were lost
        gateway.bank.faults().callbacksOff(true);
        Disbursement submitted = gateway.initiate(request(newKey()));
        String id = submitted.getId();
        SandboxTransfer completed = awaitBankStatus(id, SandboxTransfer.Status.COMPLETED);
        assertThat(gateway.status(id).getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);

        // when
        Disbursement refreshed = gateway.api().getStatus(GetStatusRequest.newBuilder().setId(id).setRefresh(true).build());

        // then
        assertThat(refreshed.getStatus()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(refreshed.getPartnerReference()).isEqualTo(completed.transferId());
        assertThat(gateway.rows.transitions(id)).last()
                .isEqualTo(new Transition("SUBMITTED", "SETTLED", "poll", null));
    }

    private static SandboxTransfer awaitBankStatus(String reference, SandboxTransfer.Status status) {
        return Eventually.await("the bank holds " + reference + " as " + status, SETTLE_LIMIT,
                () -> gateway.bank.transfer(reference).orElse(null),
                transfer -> transfer != null && transfer.status() == status);
    }

    private static List<JsonNode> webhookAnswers(String webhookId) {
        return gateway.logLines("webhook answered").stream()
                .filter(line -> webhookId.equals(line.path("webhook_id").asText()))
                .toList();
    }
}
