package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSignatures;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.adapter.dashen.testing.WebhookReceiver.Delivery;
import com.demozpay.gateway.adapter.dashen.testing.WebhookReceiver;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.TestDisbursements;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox bank's own side of the contract: request signatures, callbacks, their faults, and seeded choices. */
class DashenSandboxTest {

    private static final Duration FAST = Duration.ofMillis(20);
    private static final HttpClient RAW = HttpClient.newHttpClient();

    private final List<DashenSandbox> sandboxes = new ArrayList<>();
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = WebhookReceiver.start(TestKeys.published());
    }

    @AfterEach
    void stopAll() {
        sandboxes.forEach(DashenSandbox::close);
        receiver.close();
    }

    private DashenSandbox start(SandboxSettings settings, SandboxFaults faults) {
        DashenSandbox sandbox = DashenSandbox.start(settings, faults);
        sandboxes.add(sandbox);
        return sandbox;
    }

    private DashenSandbox startWithCallbacks(SandboxFaults faults) {
        return start(SandboxSettings.defaults(TestKeys.published()).withWebhookUrl(receiver.url()).withDelays(FAST, FAST)
                .withCallbackRetry(FAST, 3), faults);
    }

    private static DashenPartnerClient client(DashenSandbox sandbox) {
        var settings = new DashenSettings(sandbox.baseUrl(), TestKeys.published(), Duration.ofSeconds(3),
                Duration.ofSeconds(3), 4, true);
        return new DashenPartnerClient(settings, Clock.systemUTC());
    }

    private List<Delivery> awaitDeliveries(int count) {
        return Eventually.await(receiver::deliveries, deliveries -> deliveries.size() >= count);
    }

    private static HttpResponse<String> post(URI url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] signedHeaders(String method, String path, String body, long timestamp) {
        String id = UUID.randomUUID().toString();
        byte[] content = DashenSignatures.requestContent(id, Long.toString(timestamp), method, path,
                body.getBytes(StandardCharsets.UTF_8));
        return new String[] {"Dashen-Request-Id", id, "Dashen-Timestamp", Long.toString(timestamp),
                "Dashen-Signature", DashenSignatures.sign(TestKeys.published(), content)};
    }

    @Test
    void unsignedOrStaleRequestIsRefusedWithBadSignature() throws Exception {
        DashenSandbox sandbox = start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        URI transfers = URI.create(sandbox.baseUrl() + "/v1/transfers");
        String body = "{\"reference\":\"r\"}";

        HttpResponse<String> unsigned = post(transfers, body);
        HttpResponse<String> stale = post(transfers, body,
                signedHeaders("POST", "/v1/transfers", body, Instant.now().getEpochSecond() - 400));

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"code\":\"BAD_SIGNATURE\"");
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(sandbox.totalSubmits()).isZero();
    }

    @Test
    void signedButUnreadableOrderIsRefusedWith400() throws Exception {
        DashenSandbox sandbox = start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        String body = "{\"reference\":\"r\",\"amount\":\"150.5\"}";

        HttpResponse<String> answer = post(URI.create(sandbox.baseUrl() + "/v1/transfers"), body,
                signedHeaders("POST", "/v1/transfers", body, Instant.now().getEpochSecond()));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("BAD_REQUEST");
        assertThat(sandbox.distinctTransfers()).isZero();
    }

    @Test
    void transferSendsSignedAcceptedThenCompletedCallbacks() {
        // given
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults());
        Disbursement disbursement = TestDisbursements.disbursement();

        // when
        client(sandbox).submit(disbursement);

        // then both callbacks pass the real verifier, in order, naming our reference, the transfer and the amount
        List<Delivery> deliveries = awaitDeliveries(2);
        assertThat(deliveries).extracting(Delivery::type).containsExactly("transfer.accepted", "transfer.completed");
        assertThat(deliveries).allSatisfy(delivery -> {
            var callback = delivery.callback().orElseThrow();
            assertThat(callback.reference()).isEqualTo(disbursement.id().toString());
            assertThat(callback.event().amount()).contains(Money.etb(15000));
            assertThat(callback.event().partnerReference().orElseThrow().value())
                    .isEqualTo(sandbox.transfer(disbursement.id().toString()).orElseThrow().transferId());
        });
        assertThat(deliveries.get(0).webhookId()).isNotEqualTo(deliveries.get(1).webhookId());
    }

    @Test
    void callbackAnsweredWithAnErrorIsRetriedWithTheSameWebhookId() {
        // given a webhook that fails twice before accepting, and a transfer that stays ACCEPTED meanwhile
        receiver.thenAnswer(500, 503);
        DashenSandbox sandbox = start(SandboxSettings.defaults(TestKeys.published()).withWebhookUrl(receiver.url())
                .withDelays(FAST, Duration.ofSeconds(30)).withCallbackRetry(FAST, 3), new SandboxFaults());

        // when
        client(sandbox).submit(TestDisbursements.disbursement());

        // then the event came three times under one id, the last one delivered
        List<Delivery> deliveries = awaitDeliveries(3);
        assertThat(deliveries).extracting(Delivery::answer).containsExactly(500, 503, 200);
        assertThat(deliveries).extracting(Delivery::webhookId).containsOnly(deliveries.get(0).webhookId());
        assertThat(deliveries).extracting(Delivery::type).containsOnly("transfer.accepted");
        CallbackStats stats = Eventually.await(sandbox::callbackStats, s -> s.delivered() == 1);
        assertThat(stats.attempts()).isEqualTo(3);
    }

    @Test
    void callbackRetriesStopAfterTheLastAttempt() {
        // given a webhook that always fails and a sandbox that tries each callback 3 times
        receiver.thenAnswer(500, 500, 500, 500, 500, 500, 500, 500);
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults());

        client(sandbox).submit(TestDisbursements.disbursement());

        CallbackStats stats = Eventually.await(sandbox::callbackStats, s -> s.givenUp() == 2);
        assertThat(stats.attempts()).isEqualTo(6);
        assertThat(stats.delivered()).isZero();
    }

    @Test
    void transferThatFailsLaterSendsTransferFailedWithTheCode() {
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults().failLater(1.0, "LIMIT_EXCEEDED"));

        client(sandbox).submit(TestDisbursements.disbursement());

        Delivery last = awaitDeliveries(2).get(1);
        assertThat(last.type()).isEqualTo("transfer.failed");
        assertThat(last.callback().orElseThrow().event().failure())
                .contains(new Failure("LIMIT_EXCEEDED", "failed by the sandbox"));
    }

    @Test
    void duplicatedCallbacksArriveTwiceUnderTheSameId() {
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults().duplicateCallbacks(1.0));

        client(sandbox).submit(TestDisbursements.disbursement());

        List<Delivery> deliveries = awaitDeliveries(4);
        assertThat(deliveries).extracting(Delivery::type)
                .containsExactly("transfer.accepted", "transfer.accepted", "transfer.completed", "transfer.completed");
        assertThat(deliveries.get(1).webhookId()).isEqualTo(deliveries.get(0).webhookId());
        assertThat(deliveries.get(3).webhookId()).isEqualTo(deliveries.get(2).webhookId());
    }

    @Test
    void reorderedCallbacksSendAcceptedAfterCompleted() {
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults().reorderCallbacks(1.0));

        client(sandbox).submit(TestDisbursements.disbursement());

        assertThat(awaitDeliveries(2)).extracting(Delivery::type).containsExactly("transfer.completed", "transfer.accepted");
    }

    @Test
    void callbacksSwitchedOffAreLostWhileTheTransferStillCompletes() {
        DashenSandbox sandbox = startWithCallbacks(new SandboxFaults().callbacksOff(true));
        Disbursement disbursement = TestDisbursements.disbursement();

        client(sandbox).submit(disbursement);

        Eventually.await(sandbox::callbackStats, stats -> stats.lost() == 2);
        assertThat(sandbox.transfer(disbursement.id().toString()).orElseThrow().status())
                .isEqualTo(SandboxTransfer.Status.COMPLETED);
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void sandboxThatIsDownRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
        DashenSandbox sandbox = start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        URI transfers = URI.create(sandbox.baseUrl() + "/v1/transfers");

        sandbox.goDown();
        Throwable refused = null;
        try {
            post(transfers, "{}");
        } catch (ConnectException e) {
            refused = e;
        }
        sandbox.comeUp();

        assertThat(refused).isInstanceOf(ConnectException.class);
        assertThat(post(transfers, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void ledgerListsEveryTransferOnceWithItsAccountAndSubmitCount() throws Exception {
        // given two transfers, the first submitted twice
        DashenSandbox sandbox = start(SandboxSettings.defaults(TestKeys.published()), new SandboxFaults());
        Disbursement first = TestDisbursements.disbursement();
        Disbursement second = TestDisbursements.disbursement();
        client(sandbox).submit(first);
        client(sandbox).submit(first);
        client(sandbox).submit(second);

        // when the books are read
        List<SandboxTransfer> transfers = sandbox.transfers();
        SandboxTransfer firstTransfer = sandbox.transfer(first.id().toString()).orElseThrow();
        var line = new ObjectMapper().readTree(SandboxJson.ledgerLine(firstTransfer, sandbox.submitsFor(first.id().toString())));

        // then each reference is there once, and its ledger line carries the account and the submits
        assertThat(transfers).extracting(SandboxTransfer::reference)
                .containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
        assertThat(line.path("reference").asText()).isEqualTo(first.id().toString());
        assertThat(line.path("status").asText()).isEqualTo(firstTransfer.status().name());
        assertThat(line.path("creditAccount").asText()).isEqualTo(firstTransfer.order().creditAccount());
        assertThat(line.path("amount").asText()).isEqualTo("150.00");
        assertThat(line.path("submits").asInt()).isEqualTo(2);
    }

    @Test
    void sameSeedGivesTheSameFaultsForTheSameRequests() {
        // given two sandboxes with one seed and one with another, each failing half the transfers later
        SandboxSettings settings = SandboxSettings.defaults(TestKeys.published()).withDelays(FAST, FAST);
        List<String> first = failurePattern(start(settings.withSeed(7), new SandboxFaults().failLater(0.5, "X")));
        List<String> second = failurePattern(start(settings.withSeed(7), new SandboxFaults().failLater(0.5, "X")));
        List<String> other = failurePattern(start(settings.withSeed(8), new SandboxFaults().failLater(0.5, "X")));

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    /** Submits 8 transfers one by one and reports how each one ended. */
    private static List<String> failurePattern(DashenSandbox sandbox) {
        DashenPartnerClient client = client(sandbox);
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Disbursement disbursement = TestDisbursements.disbursement();
            assertThat(client.submit(disbursement)).isInstanceOf(PartnerOutcome.Accepted.class);
            references.add(disbursement.id().toString());
        }
        return references.stream()
                .map(ref -> Eventually.await(() -> sandbox.transfer(ref).orElseThrow().status(),
                        status -> status == SandboxTransfer.Status.COMPLETED || status == SandboxTransfer.Status.FAILED))
                .map(Enum::name)
                .toList();
    }
}
