package com.demozpay.gateway.adapter.webhook;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Standard Webhooks (v1) check for the tests: HMAC-SHA256 over {@code id.timestamp.body} with the
 * current or the previous key, a 5-minute timestamp tolerance, and the bank's body read strictly. The
 * production verifier lives in adapter-dashen; this one makes "forged" and "previous key" mean something.
 */
final class HmacCallbackVerifier implements PartnerCallbackVerifier {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DisbursementStatus> TYPES = Map.of(
            "transfer.accepted", DisbursementStatus.ACCEPTED,
            "transfer.completed", DisbursementStatus.SETTLED,
            "transfer.failed", DisbursementStatus.FAILED);

    private final List<byte[]> keys;
    private final Clock clock;

    HmacCallbackVerifier(Clock clock, byte[]... keys) {
        this.clock = clock;
        this.keys = List.of(keys);
    }

    @Override
    public VerifiedCallback verify(RawCallback callback) {
        String id = required(callback, "webhook-id");
        String timestamp = required(callback, "webhook-timestamp");
        String signatures = required(callback, "webhook-signature");
        checkTimestamp(timestamp);
        byte[] signed = CallbackSigner.signedContent(id, timestamp, callback.body());
        boolean matches = keys.stream().map(key -> CallbackSigner.hmac(key, signed))
                .anyMatch(expected -> List.of(signatures.split(" ")).stream()
                        .filter(s -> s.startsWith("v1,"))
                        .anyMatch(s -> MessageDigest.isEqual(s.substring(3).getBytes(), expected.getBytes())));
        if (!matches) {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.UNAUTHENTICATED, "no signature matches");
        }
        return read(id, callback.body());
    }

    private void checkTimestamp(String timestamp) {
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
            if (Duration.between(at, clock.instant()).abs().compareTo(TOLERANCE) > 0) {
                throw new CallbackRejectedException(CallbackRejectedException.Reason.UNAUTHENTICATED,
                        "timestamp out of tolerance");
            }
        } catch (NumberFormatException e) {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.UNAUTHENTICATED, "bad timestamp");
        }
    }

    private static VerifiedCallback read(String id, byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            DisbursementStatus status = TYPES.get(node.path("type").asText());
            if (status == null) {
                throw new IllegalArgumentException("unknown type");
            }
            PartnerReference transfer = new PartnerReference(node.get("transferId").asText());
            Money amount = new Money(new BigDecimal(node.get("amount").asText()).movePointRight(2).longValueExact(),
                    node.get("currency").asText());
            Optional<Failure> failure = status == DisbursementStatus.FAILED
                    ? Optional.of(new Failure(node.get("failureCode").asText(), node.path("failureMessage").asText()))
                    : Optional.empty();
            PartnerEvent event = new PartnerEvent(status, Optional.of(transfer), Optional.of(amount), failure);
            return new VerifiedCallback(id, node.get("reference").asText(), event, Instant.parse(node.get("occurredAt").asText()));
        } catch (Exception e) {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.MALFORMED, "unreadable callback body");
        }
    }

    private static String required(RawCallback callback, String header) {
        return callback.header(header).orElseThrow(() -> new CallbackRejectedException(
                CallbackRejectedException.Reason.UNAUTHENTICATED, "missing " + header));
    }
}
