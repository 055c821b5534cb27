package com.demozpay.gateway.adapter.webhook;

import static com.demozpay.gateway.adapter.webhook.WebhookFixture.CURRENT_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.PREVIOUS_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.UNKNOWN_KEY;
import static com.demozpay.gateway.adapter.webhook.WebhookFixture.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.testing.CapturedLogs;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every answer of the contract's section 3, over real HTTP, through the real use-case service. */
class UndertowWebhookServerTest {

    private final WebhookFixture fixture = WebhookFixture.start();
    private final CapturedLogs logs = CapturedLogs.all();

    @AfterEach
    void stop() {
        logs.close();
        fixture.close();
    }

    @Test
    void acceptedCallbackMovesTheDisbursementAndAnswers200Applied() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String webhookId = fixture.newWebhookId();

        // when
        HttpResponse<String> response = fixture.postSigned(webhookId, body("transfer.accepted", submitted));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"applied\"}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.ACCEPTED);
        assertThat(fixture.answered("applied")).isEqualTo(1.0);
        assertThat(logs.keyValuesOf("webhook answered"))
                .containsExactly(Map.of("webhook_id", webhookId, "outcome", "applied", "status", 200));
    }

    @Test
    void replayedWebhookIdAnswers200WithoutApplyingTwice() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String webhookId = fixture.newWebhookId();
        byte[] completed = body("transfer.completed", submitted);
        assertThat(fixture.postSigned(webhookId, completed).statusCode()).isEqualTo(200);

        // when
        HttpResponse<String> replay = fixture.postSigned(webhookId, completed);

        // then
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"outcome\":\"duplicate\"}");
        assertThat(fixture.store.log()).filteredOn(row -> row.id().equals(submitted.id())).singleElement()
                .satisfies(row -> assertThat(row.to()).isEqualTo(DisbursementStatus.SETTLED));
        assertThat(fixture.answered("applied")).isEqualTo(1.0);
        assertThat(fixture.answered("duplicate")).isEqualTo(1.0);
    }

    @Test
    void staleEventAnswers200NoChangeAndLeavesTheStateAlone() throws Exception {
        // given
        Disbursement settled = fixture.disbursementIn(DisbursementStatus.SETTLED);

        // when
        HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), body("transfer.accepted", settled));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"no_change\"}");
        assertThat(fixture.current(settled)).isEqualTo(settled);
        assertThat(fixture.store.log()).isEmpty();
    }

    @Test
    void contradictingEventAnswers200AnomalySoTheBankStopsRetrying() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] wrongAmount = body("transfer.completed", submitted.id().toString(), "DB-1", "999.00");

        // when
        HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), wrongAmount);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"anomaly\"}");
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(fixture.inbox.entries()).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(CallbackOutcome.ANOMALY));
    }

    @Test
    void unknownReferenceAnswers202AndIsKeptInTheInbox() throws Exception {
        // given
        String unknown = UUID.randomUUID().toString();
        byte[] callback = body("transfer.completed", unknown, "DB-404", "150.00");
        String webhookId = fixture.newWebhookId();

        // when
        HttpResponse<String> response = fixture.postSigned(webhookId, callback);

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"unmatched\"}");
        assertThat(fixture.inbox.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.callback().eventId()).isEqualTo(webhookId);
            assertThat(entry.callback().reference()).isEqualTo(unknown);
            assertThat(entry.rawBody()).isEqualTo(callback);
            assertThat(entry.outcome()).isEqualTo(CallbackOutcome.UNMATCHED);
        });
    }

    @Test
    void rawBytesReachTheVerifierExactlyAsSent() throws Exception {
        // given: unusual but valid JSON spacing and non-ASCII text, which any re-encoding would change
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String json = new String(body("transfer.failed", submitted), StandardCharsets.UTF_8)
                .replace("}", " ,\"failureCode\" : \"INVALID_ACCOUNT\",\n\t\"failureMessage\":\"ሂሳብ አልተገኘም\"}");
        byte[] callback = json.getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), callback);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.current(submitted).failure()).hasValueSatisfying(failure ->
                assertThat(failure.message()).isEqualTo("ሂሳብ አልተገኘም"));
        assertThat(fixture.inbox.entries()).singleElement()
                .satisfies(entry -> assertThat(entry.rawBody()).isEqualTo(callback));
    }

    @Test
    void malformedBodyWithAValidSignatureAnswers400AndStoresNothing() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] unknownType = body("transfer.exploded", submitted);

        // when
        HttpResponse<String> response = fixture.postSigned(fixture.newWebhookId(), unknownType);

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"malformed\"}");
        assertThat(fixture.inbox.entries()).isEmpty();
        assertThat(fixture.current(submitted)).isEqualTo(submitted);
        assertThat(fixture.answered("malformed")).isEqualTo(1.0);
    }

    @Test
    void forgedSignatureAnswers401StoresNothingAndNeverLogsTheBody() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String marker = "forged-" + UUID.randomUUID();
        byte[] forged = body("transfer.completed", submitted.id().toString(), marker, "150.00");
        String webhookId = fixture.newWebhookId();

        // when
        HttpResponse<String> response = fixture.post(forged, fixture.signed(UNKNOWN_KEY, webhookId, forged));

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"outcome\":\"unauthenticated\"}");
        assertThat(fixture.inbox.entries()).isEmpty();
        assertThat(fixture.current(submitted)).isEqualTo(submitted);
        assertThat(logs.keyValuesOf("webhook answered")).singleElement().satisfies(kv -> assertThat(kv)
                .containsEntry("webhook_id", webhookId)
                .containsEntry("outcome", "unauthenticated")
                .containsEntry("status", 401));
        assertThat(logs.everything()).doesNotContain(marker);
    }

    @Test
    void bodyAlteredAfterSigningAnswers401() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] signedBody = body("transfer.completed", submitted);
        Map<String, String> headers = fixture.signed(CURRENT_KEY, fixture.newWebhookId(), signedBody);
        byte[] altered = body("transfer.failed", submitted);

        // when
        HttpResponse<String> response = fixture.post(altered, headers);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.current(submitted)).isEqualTo(submitted);
    }

    @Test
    void missingSignatureAnswers401() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] callback = body("transfer.completed", submitted);

        // when
        HttpResponse<String> response = fixture.post(callback, Map.of("webhook-id", fixture.newWebhookId(),
                "webhook-timestamp", Long.toString(fixture.clock.instant().getEpochSecond())));

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.inbox.entries()).isEmpty();
        assertThat(fixture.answered("unauthenticated")).isEqualTo(1.0);
    }

    @Test
    void signatureOlderThanTheToleranceAnswers401() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] callback = body("transfer.completed", submitted);
        Map<String, String> headers = fixture.signed(CURRENT_KEY, fixture.newWebhookId(), callback);
        fixture.clock.advance(Duration.ofMinutes(6));

        // when
        HttpResponse<String> response = fixture.post(callback, headers);

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.current(submitted)).isEqualTo(submitted);
    }

    @Test
    void callbackSignedWithThePreviousKeyIsApplied() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        byte[] callback = body("transfer.completed", submitted);

        // when
        HttpResponse<String> response = fixture.post(callback,
                fixture.signed(PREVIOUS_KEY, fixture.newWebhookId(), callback));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
    }

    @Test
    void unreachableStoreAnswers503AndTheBanksRetrySucceedsOnceItIsBack() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String webhookId = fixture.newWebhookId();
        byte[] completed = body("transfer.completed", submitted);
        fixture.store.failNextCalls(1);

        // when
        HttpResponse<String> whileDown = fixture.postSigned(webhookId, completed);
        HttpResponse<String> retry = fixture.postSigned(webhookId, completed);

        // then
        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(whileDown.body()).isEqualTo("{\"outcome\":\"store_unavailable\"}");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("{\"outcome\":\"applied\"}");
        assertThat(fixture.current(submitted).status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(fixture.answered("store_unavailable")).isEqualTo(1.0);
        assertThat(fixture.inbox.entries()).singleElement()
                .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(CallbackOutcome.APPLIED));
    }

    @Test
    void unexpectedFailureAnswers500AndIsLoggedWithItsCause() throws Exception {
        // given
        try (WebhookFixture failing = WebhookFixture.start(10_240, Duration.ofSeconds(5), 2,
                service -> raw -> { throw new IllegalStateException("bug in a use case"); })) {

            // when
            HttpResponse<String> response = failing.postSigned(failing.newWebhookId(), "{}".getBytes(StandardCharsets.UTF_8));

            // then
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"outcome\":\"error\"}");
            assertThat(failing.answered("error")).isEqualTo(1.0);
            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getMessage()).isEqualTo("webhook answered");
                assertThat(event.getLevel().toString()).isEqualTo("ERROR");
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("bug in a use case");
            });
        }
    }

    @Test
    void everyAnswerIsCountedAndTimedByOutcome() throws Exception {
        // given
        Disbursement submitted = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        String webhookId = fixture.newWebhookId();

        // when
        fixture.postSigned(webhookId, body("transfer.accepted", submitted));
        fixture.postSigned(webhookId, body("transfer.accepted", submitted));
        fixture.post(body("transfer.accepted", submitted), Map.of());

        // then
        assertThat(fixture.answered("applied")).isEqualTo(1.0);
        assertThat(fixture.answered("duplicate")).isEqualTo(1.0);
        assertThat(fixture.answered("unauthenticated")).isEqualTo(1.0);
        assertThat(fixture.answered("unmatched")).isZero();
        Timer applied = fixture.registry.get("demozpay.webhook.requests").tag("outcome", "applied").timer();
        assertThat(applied.count()).isEqualTo(1);
        String scrape = fixture.registry.scrape();
        assertThat(scrape).contains("demozpay_webhook_callbacks_total{outcome=\"duplicate\"} 1.0");
        assertThat(scrape.lines().filter(line -> line.startsWith("demozpay_webhook_requests_seconds_bucket{"))
                .filter(line -> line.contains("outcome=\"applied\"")))
                .as("percentile histogram buckets").hasSizeGreaterThan(10);
    }

    @Test
    void otherPathsAnswer404() throws Exception {
        // when
        HttpResponse<String> response = fixture.http.send(HttpRequest.newBuilder(fixture.uri("/webhooks/other"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> admin = fixture.http.send(HttpRequest.newBuilder(fixture.uri("/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(admin.statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAnswer405NamingPost() throws Exception {
        // when
        HttpResponse<String> get = fixture.http.send(HttpRequest.newBuilder(fixture.uri(UndertowWebhookServer.PATH))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> put = fixture.http.send(HttpRequest.newBuilder(fixture.uri(UndertowWebhookServer.PATH))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(fixture.inbox.entries()).isEmpty();
    }

    @Test
    void refusedRequestsBodyIsNotDrainedTheConnectionClosesInstead() throws Exception {
        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(2))) {
            // when: a megabyte is announced for a path the server does not serve, and never sent
            connection.write(RawHttp.head("POST", "/upload", Map.of("Content-Length", "1048576")));
            RawHttp.Response response = connection.readResponse();

            // then: answered at once, and closed rather than waiting to read and discard the megabyte
            assertThat(response.status()).isEqualTo(404);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void answersKeepTheConnectionOpenForTheBanksNextCallback() throws Exception {
        // given
        Disbursement first = fixture.disbursementIn(DisbursementStatus.SUBMITTED);
        Disbursement second = fixture.disbursementIn(DisbursementStatus.SUBMITTED);

        try (RawHttp connection = new RawHttp(fixture.server.port(), Duration.ofSeconds(5))) {
            // when
            RawHttp.Response one = send(connection, body("transfer.accepted", first));
            RawHttp.Response two = send(connection, body("transfer.accepted", second));

            // then
            assertThat(one.status()).isEqualTo(200);
            assertThat(two.status()).isEqualTo(200);
            assertThat(fixture.store.all()).extracting(Disbursement::status).containsOnly(DisbursementStatus.ACCEPTED);
        }
    }

    private RawHttp.Response send(RawHttp connection, byte[] body) throws Exception {
        Map<String, String> headers = new HashMap<>(fixture.signed(CURRENT_KEY, fixture.newWebhookId(), body));
        headers.put("Content-Length", Integer.toString(body.length));
        connection.write(RawHttp.head("POST", UndertowWebhookServer.PATH, headers)).write(body);
        return connection.readResponse();
    }
}
