package com.demozpay.gateway.adapter.dashen;

import static com.demozpay.gateway.adapter.dashen.DashenSignatures.WEBHOOK_ID_HEADER;
import static com.demozpay.gateway.adapter.dashen.DashenSignatures.WEBHOOK_SIGNATURE_HEADER;
import static com.demozpay.gateway.adapter.dashen.DashenSignatures.WEBHOOK_TIMESTAMP_HEADER;

import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.fasterxml.jackson.core.JsonFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a Dashen callback by the Standard Webhooks v1 scheme over its raw bytes: the
 * {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature} headers, any listed
 * {@code v1} signature matching the current key or (during a rotation) the previous one, and a
 * timestamp within five minutes of our clock either way. Only then is the body read. Rejection
 * messages name the rule that failed, never the body or a signature.
 */
public final class DashenCallbackVerifier implements PartnerCallbackVerifier {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");

    private final List<DashenSigningKey> keys;
    private final Clock clock;
    private final DashenCallbackParser parser = new DashenCallbackParser(new JsonFactory());

    public DashenCallbackVerifier(DashenSigningKey current, Optional<DashenSigningKey> previous, Clock clock) {
        List<DashenSigningKey> all = new ArrayList<>(List.of(current));
        previous.ifPresent(all::add);
        this.keys = List.copyOf(all);
        this.clock = clock;
    }

    @Override
    public VerifiedCallback verify(RawCallback callback) {
        String id = requiredHeader(callback, WEBHOOK_ID_HEADER);
        String timestamp = requiredHeader(callback, WEBHOOK_TIMESTAMP_HEADER);
        String signatures = requiredHeader(callback, WEBHOOK_SIGNATURE_HEADER);
        requireWithinTolerance(timestamp);
        List<byte[]> candidates = DashenSignatures.v1Signatures(signatures);
        if (candidates.isEmpty()) {
            throw unauthenticated("webhook-signature lists no v1 signature");
        }
        byte[] body = callback.body();
        if (!DashenSignatures.anyMatches(candidates, DashenSignatures.webhookContent(id, timestamp, body), keys)) {
            throw unauthenticated("no signature in webhook-signature matches");
        }
        return parser.parse(id, body);
    }

    private static String requiredHeader(RawCallback callback, String name) {
        return callback.header(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> unauthenticated(name + " header is missing"));
    }

    private void requireWithinTolerance(String timestamp) {
        if (!UNIX_SECONDS.matcher(timestamp).matches()) {
            throw unauthenticated("webhook-timestamp is not Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > TOLERANCE.toSeconds()) {
            throw unauthenticated("webhook-timestamp is more than 5 minutes from our clock");
        }
    }

    private static CallbackRejectedException unauthenticated(String message) {
        return new CallbackRejectedException(CallbackRejectedException.Reason.UNAUTHENTICATED, message);
    }
}
