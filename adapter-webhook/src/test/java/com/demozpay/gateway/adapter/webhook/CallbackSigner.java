package com.demozpay.gateway.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test callbacks the way the bank does (Standard Webhooks v1). */
final class CallbackSigner {

    private CallbackSigner() {
    }

    /** The three webhook headers for {@code body}, signed with {@code key}, stamped {@code at}. */
    static Map<String, String> headers(byte[] key, String webhookId, Instant at, byte[] body) {
        String timestamp = Long.toString(at.getEpochSecond());
        return Map.of(
                "webhook-id", webhookId,
                "webhook-timestamp", timestamp,
                "webhook-signature", "v1," + hmac(key, signedContent(webhookId, timestamp, body)));
    }

    static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    static String hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
