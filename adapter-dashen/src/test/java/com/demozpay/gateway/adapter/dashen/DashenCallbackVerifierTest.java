package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.CallbackRejectedException.Reason;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashenCallbackVerifierTest {

    // The Standard Webhooks specification's published test vector.
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String TRANSFER_BODY = """
            {"type":"transfer.completed","reference":"0b8e6c1e-4a8f-4f7e-9b7a-3c2d1e0f9a8b","transferId":"TRF-1",\
            "amount":"150.00","currency":"ETB","occurredAt":"2021-02-26T03:42:10Z"}""";

    private static Clock clockAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    private static DashenCallbackVerifier verifier(Clock clock) {
        return new DashenCallbackVerifier(TestKeys.published(), Optional.empty(), clock);
    }

    private static RawCallback callback(String id, String timestamp, String signature, String body) {
        Map<String, String> headers = new HashMap<>();
        if (id != null) {
            headers.put("webhook-id", id);
        }
        if (timestamp != null) {
            headers.put("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            headers.put("webhook-signature", signature);
        }
        return new RawCallback(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RawCallback publishedVector() {
        return callback(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY);
    }

    private static String signed(DashenSigningKey key, String id, long timestamp, String body) {
        return DashenSignatures.sign(key, DashenSignatures.webhookContent(id, Long.toString(timestamp),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertUnauthenticated(ThrowingCallable call, String because) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(CallbackRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains(because)
                            .doesNotContain("g0hM9SsE").doesNotContain("2432232314").doesNotContain("TRF-1");
                });
    }

    @Test
    void publishedVectorSignatureMatches() {
        byte[] content = DashenSignatures.webhookContent(ID, Long.toString(TIMESTAMP), BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(DashenSignatures.sign(TestKeys.published(), content)).isEqualTo(SIGNATURE);
        assertThat(DashenSignatures.anyMatches(SIGNATURE, content, List.of(TestKeys.published()))).isTrue();
    }

    @Test
    void publishedVectorPassesVerificationAndOnlyFailsAsNotATransferCallback() {
        // given the published vector, at its own time
        // when verified, then the signature is accepted and only the body (not a transfer callback) is refused
        assertThatThrownBy(() -> verifier(clockAt(TIMESTAMP)).verify(publishedVector()))
                .isInstanceOfSatisfying(CallbackRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void changedByteInIdIsRejected() {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(
                callback("msg_p5jXN8AQM9LWM0D4loKWxJeK", Long.toString(TIMESTAMP), SIGNATURE, BODY)), "matches");
    }

    @Test
    void changedByteInTimestampIsRejected() {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(
                callback(ID, Long.toString(TIMESTAMP + 1), SIGNATURE, BODY)), "matches");
    }

    @Test
    void changedByteInBodyIsRejected() {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(
                callback(ID, Long.toString(TIMESTAMP), SIGNATURE, "{\"test\": 2432232315}")), "matches");
    }

    @ParameterizedTest
    @ValueSource(longs = {-360, 360, -301, 301})
    void timestampMoreThanFiveMinutesFromOurClockIsRejected(long skewSeconds) {
        // given a clock 6 (or 5 and a second) minutes before or after the signed timestamp
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP + skewSeconds)).verify(publishedVector()), "5 minutes");
    }

    @ParameterizedTest
    @ValueSource(longs = {-300, 300})
    void timestampExactlyFiveMinutesAwayIsStillAccepted(long skewSeconds) {
        assertThatThrownBy(() -> verifier(clockAt(TIMESTAMP + skewSeconds)).verify(publishedVector()))
                .isInstanceOfSatisfying(CallbackRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void missingHeadersAreRejectedByName() {
        String ts = Long.toString(TIMESTAMP);
        Clock clock = clockAt(TIMESTAMP);
        assertUnauthenticated(() -> verifier(clock).verify(callback(null, ts, SIGNATURE, BODY)), "webhook-id header is missing");
        assertUnauthenticated(() -> verifier(clock).verify(callback(ID, null, SIGNATURE, BODY)),
                "webhook-timestamp header is missing");
        assertUnauthenticated(() -> verifier(clock).verify(callback(ID, ts, null, BODY)),
                "webhook-signature header is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptySignatureListIsRejected(String signatures) {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(
                callback(ID, Long.toString(TIMESTAMP), signatures, BODY)), "webhook-signature header is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1,", "v1,!!!notbase64", "g0hM9SsE"})
    void signatureListWithoutAUsableV1EntryIsRejected(String signatures) {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(
                callback(ID, Long.toString(TIMESTAMP), signatures, BODY)), "no v1 signature");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1614265330.0", "-1614265330", "abc", "16142653300000000"})
    void timestampThatIsNotUnixSecondsIsRejected(String timestamp) {
        assertUnauthenticated(() -> verifier(clockAt(TIMESTAMP)).verify(callback(ID, timestamp, SIGNATURE, BODY)),
                "not Unix seconds");
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String several = "v1,Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItdGVzdGluZy0xMjM0NTY= v1a,whatever " + SIGNATURE
                + " v1,bm90LXRoaXMtb25lLWVpdGhlcg==";

        assertThatThrownBy(() -> verifier(clockAt(TIMESTAMP)).verify(callback(ID, Long.toString(TIMESTAMP), several, BODY)))
                .isInstanceOfSatisfying(CallbackRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void callbackSignedOnlyWithThePreviousKeyIsAcceptedDuringRotation() {
        // given a verifier whose current key is new and whose previous key is the one the bank still signs with
        long now = 1_700_000_000L;
        String signature = signed(TestKeys.published(), "msg_rotation", now, TRANSFER_BODY);
        var rotating = new DashenCallbackVerifier(TestKeys.other(), Optional.of(TestKeys.published()), clockAt(now));

        // when the callback arrives
        VerifiedCallback verified = rotating.verify(callback("msg_rotation", Long.toString(now), signature, TRANSFER_BODY));

        // then it is accepted
        assertThat(verified.eventId()).isEqualTo("msg_rotation");
        assertThat(verified.event().status()).isEqualTo(DisbursementStatus.SETTLED);
    }

    @Test
    void callbackSignedWithAnUnknownKeyIsRejected() {
        long now = 1_700_000_000L;
        String signature = signed(DashenSigningKey.parse("whsec_" + "A".repeat(40)), "msg_x", now, TRANSFER_BODY);
        var rotating = new DashenCallbackVerifier(TestKeys.other(), Optional.of(TestKeys.published()), clockAt(now));

        assertUnauthenticated(() -> rotating.verify(callback("msg_x", Long.toString(now), signature, TRANSFER_BODY)),
                "matches");
    }

    @Test
    void callbackSignedWithThePreviousKeyIsRejectedOnceRotationIsOver() {
        long now = 1_700_000_000L;
        String signature = signed(TestKeys.published(), "msg_old", now, TRANSFER_BODY);
        var rotated = new DashenCallbackVerifier(TestKeys.other(), Optional.empty(), clockAt(now));

        assertUnauthenticated(() -> rotated.verify(callback("msg_old", Long.toString(now), signature, TRANSFER_BODY)),
                "matches");
    }

    @Test
    void verifiedTransferCallbackIsReadWithTheWebhookIdAsEventId() {
        // given a completed-transfer callback signed with the current key, arriving with capitalised header names
        long now = 1_700_000_000L;
        Map<String, String> headers = Map.of("Webhook-Id", "msg_1", "Webhook-Timestamp", Long.toString(now),
                "Webhook-Signature", signed(TestKeys.published(), "msg_1", now, TRANSFER_BODY));

        // when verified
        VerifiedCallback verified = verifier(clockAt(now)).verify(
                new RawCallback(headers, TRANSFER_BODY.getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(verified.eventId()).isEqualTo("msg_1");
        assertThat(verified.reference()).isEqualTo("0b8e6c1e-4a8f-4f7e-9b7a-3c2d1e0f9a8b");
        assertThat(verified.event().amount()).contains(Money.etb(15000));
        assertThat(verified.occurredAt()).isEqualTo(Instant.parse("2021-02-26T03:42:10Z"));
    }
}
