package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DashenCallbackParserTest {

    private static final String REFERENCE = "0b8e6c1e-4a8f-4f7e-9b7a-3c2d1e0f9a8b";
    private final DashenCallbackParser parser = new DashenCallbackParser(new JsonFactory());

    private static String body(String type, String extra) {
        return "{\"type\":\"" + type + "\",\"reference\":\"" + REFERENCE + "\",\"transferId\":\"TRF-9\","
                + "\"amount\":\"150.00\",\"currency\":\"ETB\"" + extra + ",\"occurredAt\":\"2024-05-01T09:30:00Z\"}";
    }

    private VerifiedCallback parse(String body) {
        return parser.parse("msg_1", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptedCallbackReportsAcceptedWithTransferIdAndAmount() {
        VerifiedCallback callback = parse(body("transfer.accepted", ""));

        assertThat(callback.eventId()).isEqualTo("msg_1");
        assertThat(callback.reference()).isEqualTo(REFERENCE);
        assertThat(callback.event().status()).isEqualTo(DisbursementStatus.ACCEPTED);
        assertThat(callback.event().partnerReference()).contains(new PartnerReference("TRF-9"));
        assertThat(callback.event().amount()).contains(Money.etb(15000));
        assertThat(callback.event().failure()).isEmpty();
        assertThat(callback.occurredAt()).isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));
    }

    @Test
    void completedCallbackReportsSettled() {
        assertThat(parse(body("transfer.completed", "")).event().status()).isEqualTo(DisbursementStatus.SETTLED);
    }

    @Test
    void failedCallbackCarriesTheBanksCodeAndMessage() {
        VerifiedCallback callback = parse(body("transfer.failed",
                ",\"failureCode\":\"ACCOUNT_CLOSED\",\"failureMessage\":\"closed in 2023\""));

        assertThat(callback.event().status()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(callback.event().failure()).contains(new Failure("ACCOUNT_CLOSED", "closed in 2023"));
    }

    @Test
    void failedCallbackWithoutCodeGetsTheDocumentedDefaultCode() {
        VerifiedCallback callback = parse(body("transfer.failed", ""));

        assertThat(callback.event().failure()).contains(new Failure("UNSPECIFIED_FAILURE", ""));
    }

    @Test
    void occurredAtWithAnOffsetIsReadAsTheSameInstant() {
        String body = body("transfer.accepted", "").replace("2024-05-01T09:30:00Z", "2024-05-01T12:30:00+03:00");

        assertThat(parse(body).occurredAt()).isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(parse(body("transfer.accepted", ",\"bankBranch\":\"Bole\"")).event().status())
                .isEqualTo(DisbursementStatus.ACCEPTED);
    }

    private static final String TWO_DECIMALS = "amount must be a decimal string with exactly two fraction digits";
    private static final String ISO = "occurredAt must be an ISO-8601 date-time with an offset";

    static Stream<Arguments> malformedBodies() {
        String good = body("transfer.completed", "");
        return Stream.of(
                Arguments.of("not JSON", "<html>oops</html>", "body is not JSON"),
                Arguments.of("truncated JSON", good.substring(0, 40), "body is not JSON"),
                Arguments.of("array", "[1,2]", "body is not a JSON object"),
                Arguments.of("empty", "", "body is not a JSON object"),
                Arguments.of("missing type", good.replace("\"type\":\"transfer.completed\",", ""), "type is missing"),
                Arguments.of("unknown type", good.replace("transfer.completed", "transfer.reversed"),
                        "type is not transfer.accepted, transfer.completed or transfer.failed"),
                Arguments.of("missing reference", good.replace("\"reference\":\"" + REFERENCE + "\",", ""),
                        "reference is missing"),
                Arguments.of("blank transferId", good.replace("TRF-9", " "), "transferId is missing"),
                Arguments.of("numeric amount", good.replace("\"150.00\"", "150.00"), "amount must be a string"),
                Arguments.of("object amount", good.replace("\"150.00\"", "{\"value\":\"150.00\"}"),
                        "amount must be a string"),
                Arguments.of("amount given twice", good.replace("\"amount\":\"150.00\"",
                        "\"amount\":\"150.00\",\"amount\":\"1.00\""), "amount is given twice"),
                Arguments.of("a second object after it", good + "{}", "body has more after its JSON object"),
                Arguments.of("one decimal", good.replace("150.00", "150.5"), TWO_DECIMALS),
                Arguments.of("exponent", good.replace("150.00", "1e3"), TWO_DECIMALS),
                Arguments.of("negative", good.replace("150.00", "-150.00"), TWO_DECIMALS),
                Arguments.of("missing currency", good.replace(",\"currency\":\"ETB\"", ""), "currency is missing"),
                Arguments.of("lower-case currency", good.replace("ETB", "etb"), "currency must be three upper-case letters"),
                Arguments.of("bad occurredAt", good.replace("2024-05-01T09:30:00Z", "yesterday"), ISO),
                Arguments.of("occurredAt without offset", good.replace("09:30:00Z", "09:30:00"), ISO),
                Arguments.of("missing occurredAt", good.replace(",\"occurredAt\":\"2024-05-01T09:30:00Z\"", ""),
                        "occurredAt is missing"),
                Arguments.of("numeric failureCode",
                        body("transfer.failed", ",\"failureCode\":7"), "failureCode must be a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyIsRejectedNamingTheField(String name, String body, String expected) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(CallbackRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(CallbackRejectedException.Reason.MALFORMED);
                    assertThat(e.getMessage()).startsWith("malformed callback: " + expected);
                });
    }

    @Test
    void overlongWebhookIdOrReferenceIsRejected() {
        byte[] body = body("transfer.accepted", "").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse("m".repeat(256), body)).hasMessageContaining("webhook-id is longer");

        byte[] longReference = body("transfer.accepted", "").replace(REFERENCE, "r".repeat(129)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse("msg_1", longReference)).hasMessageContaining("reference is longer");
    }
}
