package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.testing.StubBank;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.TestDisbursements;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The client against a stub that answers what the sandbox never would: every answer lands in its class. */
class DashenPartnerClientAnswersTest {

    private static final String REF = "{ref}";

    private static DashenPartnerClient client(URI baseUrl) {
        var settings = new DashenSettings(baseUrl, TestKeys.published(), Duration.ofSeconds(3), Duration.ofSeconds(3), 4, true);
        return new DashenPartnerClient(settings, Clock.systemUTC());
    }

    private static String transfer(String status, String extra) {
        return "{\"reference\":\"" + REF + "\",\"transferId\":\"TRF-7\",\"status\":\"" + status + "\"" + extra + "}";
    }

    static Stream<Arguments> submitAnswers() {
        return Stream.of(
                Arguments.of(202, transfer("ACCEPTED", ""), "accepted ACCEPTED"),
                Arguments.of(200, transfer("PENDING", ""), "accepted SUBMITTED"),
                Arguments.of(422, "{\"code\":\"ACCOUNT_CLOSED\",\"message\":\"closed\"}", "rejected ACCOUNT_CLOSED closed"),
                Arguments.of(422, "", "rejected UNSPECIFIED_FAILURE unreadable HTTP 422 answer: body is not a JSON object"),
                Arguments.of(422, "{\"message\":\"no\"}", "rejected UNSPECIFIED_FAILURE no"),
                Arguments.of(409, "{\"code\":\"REFERENCE_CONFLICT\"}",
                        "unknown REFERENCE_CONFLICT: the bank holds this reference with other content"),
                Arguments.of(409, "{\"code\":\"SOMETHING_ELSE\"}", "unknown HTTP 409"),
                Arguments.of(429, "", "unknown HTTP 429"),
                Arguments.of(500, "", "unknown HTTP 500"),
                Arguments.of(503, "<html>maintenance</html>", "unknown HTTP 503"),
                Arguments.of(401, "{\"code\":\"BAD_SIGNATURE\"}", "unknown the bank rejected our signature (HTTP 401)"),
                Arguments.of(400, "{\"code\":\"BAD_REQUEST\"}", "unknown HTTP 400"),
                Arguments.of(302, "", "unknown HTTP 302"),
                Arguments.of(200, "<html>ok</html>", "unknown unreadable HTTP 200 answer: body is not JSON"),
                Arguments.of(202, "", "unknown unreadable HTTP 202 answer: body is not a JSON object"),
                Arguments.of(202, transfer("ACCEPTED", "").replace(REF, "another"),
                        "unknown unreadable HTTP 202 answer: reference is not the one asked about"),
                Arguments.of(202, transfer("SHIPPED", ""),
                        "unknown unreadable HTTP 202 answer: status is not PENDING, ACCEPTED, COMPLETED or FAILED"),
                Arguments.of(202, transfer("PENDING", "").replace(",\"transferId\":\"TRF-7\"", ""),
                        "unknown unreadable HTTP 202 answer: transferId is missing"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("submitAnswers")
    void submitAnswerIsClassifiedByWhatItProves(int status, String body, String expected) throws IOException {
        Disbursement disbursement = TestDisbursements.disbursement();
        try (StubBank bank = StubBank.answering(status, body.replace(REF, disbursement.id().toString()))) {
            assertThat(describe(client(bank.baseUrl()).submit(disbursement))).isEqualTo(expected);
            assertThat(bank.received()).hasSize(1);
        }
    }

    static Stream<Arguments> lookupAnswers() {
        String money = ",\"amount\":\"150.00\",\"currency\":\"ETB\"";
        return Stream.of(
                Arguments.of(200, transfer("COMPLETED", money + ",\"completedAt\":\"2024-05-01T09:30:00Z\""), "found SETTLED"),
                Arguments.of(200, transfer("FAILED", money + ",\"failureCode\":\"ACCOUNT_CLOSED\""),
                        "found FAILED ACCOUNT_CLOSED"),
                Arguments.of(200, transfer("FAILED", money), "found FAILED UNSPECIFIED_FAILURE"),
                Arguments.of(404, "{\"code\":\"NOT_FOUND\"}", "not found"),
                Arguments.of(404, "<html>no such path</html>", "unavailable unreadable HTTP 404 answer: body is not JSON"),
                Arguments.of(404, "{\"code\":\"NO_ROUTE\"}", "unavailable HTTP 404"),
                Arguments.of(200, transfer("COMPLETED", ""), "unavailable unreadable HTTP 200 answer: amount is missing"),
                Arguments.of(200, transfer("COMPLETED", money).replace(REF, "another"),
                        "unavailable unreadable HTTP 200 answer: reference is not the one asked about"),
                Arguments.of(401, "{\"code\":\"BAD_SIGNATURE\"}", "unavailable the bank rejected our signature (HTTP 401)"),
                Arguments.of(503, "", "unavailable HTTP 503"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("lookupAnswers")
    void lookupAnswerIsClassifiedByWhatItProves(int status, String body, String expected) throws IOException {
        Disbursement disbursement = TestDisbursements.disbursement();
        try (StubBank bank = StubBank.answering(status, body.replace(REF, disbursement.id().toString()))) {
            assertThat(describe(client(bank.baseUrl()).lookup(disbursement.id()))).isEqualTo(expected);
        }
    }

    @Test
    void answerBodyOverTheLimitIsNotReadAndProvesNothing() throws IOException {
        // given a bank whose answers would be read as accepted / not found, were they not padded past 64 KiB
        Disbursement disbursement = TestDisbursements.disbursement();
        String padding = ",\"pad\":\"" + "x".repeat(DashenHttp.MAX_ANSWER_BYTES) + "\"";
        String accepted = transfer("ACCEPTED", padding).replace(REF, disbursement.id().toString());
        String notFound = "{\"code\":\"NOT_FOUND\"" + padding + "}";

        // when / then
        try (StubBank bank = StubBank.answering(202, accepted)) {
            assertThat(describe(client(bank.baseUrl()).submit(disbursement)))
                    .isEqualTo("unknown answer body larger than 65536 bytes");
        }
        try (StubBank bank = StubBank.answering(404, notFound)) {
            assertThat(describe(client(bank.baseUrl()).lookup(disbursement.id())))
                    .isEqualTo("unavailable answer body larger than 65536 bytes");
        }
    }

    @Test
    void answerBodyJustUnderTheLimitIsRead() throws IOException {
        Disbursement disbursement = TestDisbursements.disbursement();
        String small = transfer("ACCEPTED", "").replace(REF, disbursement.id().toString());
        String padding = ",\"pad\":\"" + "x".repeat(DashenHttp.MAX_ANSWER_BYTES - small.length() - 9) + "\"";
        String answer = transfer("ACCEPTED", padding).replace(REF, disbursement.id().toString());
        assertThat(answer).hasSize(DashenHttp.MAX_ANSWER_BYTES);

        try (StubBank bank = StubBank.answering(202, answer)) {
            assertThat(describe(client(bank.baseUrl()).submit(disbursement))).isEqualTo("accepted ACCEPTED");
        }
    }

    @Test
    void submitIsSignedAndShapedAsTheContractSays() throws IOException {
        // given a bank behind a path prefix
        Disbursement disbursement = TestDisbursements.disbursement();
        try (StubBank bank = StubBank.answering(202, transfer("PENDING", "").replace(REF, disbursement.id().toString()))) {
            DashenPartnerClient client = client(URI.create(bank.baseUrl() + "/partner-api"));

            // when
            client.submit(disbursement);

            // then
            StubBank.Received request = bank.received().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPathAndQuery()).isEqualTo("/partner-api/v1/transfers");
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertSignedWithTheSharedKey(request);
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.size()).isEqualTo(6);
            assertThat(body.get("reference").asText()).isEqualTo(disbursement.id().toString());
            assertThat(body.get("amount").asText()).isEqualTo("150.00");
            assertThat(body.get("currency").asText()).isEqualTo("ETB");
            assertThat(body.get("creditAccount").asText()).isEqualTo(TestDisbursements.GOOD_ACCOUNT);
            assertThat(body.get("creditName").asText()).isEqualTo("Abebe Kebede");
            assertThat(body.get("narrative").asText()).isEqualTo("wage advance");
        }
    }

    @Test
    void lookupIsASignedGetWithAnEmptyBody() throws IOException {
        Disbursement disbursement = TestDisbursements.disbursement();
        try (StubBank bank = StubBank.answering(404, "{\"code\":\"NOT_FOUND\"}")) {
            client(bank.baseUrl()).lookup(disbursement.id());

            StubBank.Received request = bank.received().get(0);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.rawPathAndQuery()).isEqualTo("/v1/transfers/" + disbursement.id());
            assertThat(request.body()).isEmpty();
            assertSignedWithTheSharedKey(request);
        }
    }

    private static void assertSignedWithTheSharedKey(StubBank.Received request) {
        String requestId = request.headers().getFirst("Dashen-Request-Id");
        String timestamp = request.headers().getFirst("Dashen-Timestamp");
        assertThat(UUID.fromString(requestId)).isNotNull();
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        byte[] content = DashenSignatures.requestContent(requestId, timestamp, request.method(),
                request.rawPathAndQuery(), request.body());
        assertThat(request.headers().getFirst("Dashen-Signature"))
                .isEqualTo(DashenSignatures.sign(TestKeys.published(), content));
    }

    private static String describe(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.Accepted accepted) {
            assertThat(accepted.event().partnerReference()).hasValueSatisfying(ref -> assertThat(ref.value()).isEqualTo("TRF-7"));
            return "accepted " + accepted.event().status();
        }
        if (outcome instanceof PartnerOutcome.Rejected rejected) {
            Failure failure = rejected.failure();
            return "rejected " + failure.code() + " " + failure.message();
        }
        if (outcome instanceof PartnerOutcome.NotReceived notReceived) {
            return "not received " + notReceived.cause();
        }
        return "unknown " + ((PartnerOutcome.Unknown) outcome).cause();
    }

    private static String describe(TransferLookup lookup) {
        if (lookup instanceof TransferLookup.Found found) {
            DisbursementStatus status = found.event().status();
            return "found " + status + found.event().failure().map(f -> " " + f.code()).orElse("");
        }
        if (lookup instanceof TransferLookup.NotFound) {
            return "not found";
        }
        return "unavailable " + ((TransferLookup.Unavailable) lookup).cause();
    }
}
