package com.demozpay.gateway.adapter.dashen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The two signing schemes of the Dashen contract, shared by the client, the callback verifier and the
 * sandbox bank so that both ends compute byte-for-byte the same content. Requests (gateway → bank)
 * sign {@code "<request id>.<timestamp>.<METHOD> <path>\n<raw body>"}; callbacks (bank → gateway)
 * follow Standard Webhooks v1 and sign {@code "<webhook-id>.<webhook-timestamp>.<raw body>"}. A
 * signature header holds one or more space-separated {@code v1,<base64 HMAC-SHA256>} entries.
 */
public final class DashenSignatures {

    public static final String REQUEST_ID_HEADER = "Dashen-Request-Id";
    public static final String TIMESTAMP_HEADER = "Dashen-Timestamp";
    public static final String SIGNATURE_HEADER = "Dashen-Signature";
    public static final String WEBHOOK_ID_HEADER = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE_HEADER = "webhook-signature";

    private static final String VERSION_PREFIX = "v1,";

    private DashenSignatures() {
    }

    /**
     * What a request signature covers; {@code pathAndQuery} is the raw path as sent, with its query if
     * any. Timestamps are the header text exactly as sent, here and in {@link #webhookContent}.
     */
    public static byte[] requestContent(String requestId, String timestamp, String method, String pathAndQuery,
            byte[] body) {
        return concat(requestId + "." + timestamp + "." + method + " " + pathAndQuery + "\n", body);
    }

    /** What a Standard Webhooks v1 signature covers. */
    public static byte[] webhookContent(String webhookId, String timestamp, byte[] body) {
        return concat(webhookId + "." + timestamp + ".", body);
    }

    /** One signature header entry, {@code v1,<base64>}. */
    public static String sign(DashenSigningKey key, byte[] content) {
        return VERSION_PREFIX + Base64.getEncoder().encodeToString(key.hmac(content));
    }

    /**
     * Whether any {@code v1} entry of {@code header} is the signature of {@code content} under any of
     * {@code keys}; see {@link #anyMatches(List, byte[], List)}.
     */
    public static boolean anyMatches(String header, byte[] content, List<DashenSigningKey> keys) {
        return anyMatches(v1Signatures(header), content, keys);
    }

    /**
     * Whether any of the decoded {@code signatures} (from {@link #v1Signatures}) is the signature of
     * {@code content} under any of {@code keys}. Every comparison is constant-time, so the time taken
     * says nothing about how close a forged signature came.
     */
    public static boolean anyMatches(List<byte[]> signatures, byte[] content, List<DashenSigningKey> keys) {
        boolean matched = false;
        for (DashenSigningKey key : keys) {
            byte[] expected = key.hmac(content);
            for (byte[] candidate : signatures) {
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched;
    }

    /**
     * The decoded {@code v1} entries of a signature header, parsed once; entries of other versions and
     * undecodable ones are skipped, so an empty list means the header holds no usable signature.
     */
    public static List<byte[]> v1Signatures(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.trim().split(" +"))
                .filter(entry -> entry.startsWith(VERSION_PREFIX))
                .map(entry -> decodeOrNull(entry.substring(VERSION_PREFIX.length())))
                .filter(Objects::nonNull)
                .toList();
    }

    private static byte[] decodeOrNull(String base64) {
        try {
            byte[] decoded = Base64.getDecoder().decode(base64);
            return decoded.length == 0 ? null : decoded;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static byte[] concat(String prefix, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length() + body.length);
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
