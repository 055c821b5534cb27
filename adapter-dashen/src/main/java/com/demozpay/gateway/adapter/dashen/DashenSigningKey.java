package com.demozpay.gateway.adapter.dashen;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret shared with Dashen Bank, as the HMAC-SHA256 key that signs our requests and the bank's
 * callbacks. It is given as base64 of 24 to 64 random bytes, optionally prefixed {@code whsec_}
 * (the Standard Webhooks convention). The key bytes never leave this class; {@link #toString()} is
 * redacted so the key cannot reach a log line by accident.
 */
public final class DashenSigningKey {

    static final String PREFIX = "whsec_";
    static final String RULE = "signing key must be base64 of 24 to 64 bytes, optionally prefixed whsec_";
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    /**
     * Initialised once and never used itself: each {@link #hmac} works on a clone, which is much cheaper
     * than looking the algorithm up and initialising it again (two HMACs per callback, one per bank call).
     */
    private final Mac initialised;
    private final SecretKeySpec key;

    private DashenSigningKey(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
        this.initialised = fresh(key);
    }

    /**
     * Reads the secret as configured.
     *
     * @throws InvalidSigningKeyException naming the rule it breaks (never echoing the secret)
     */
    public static DashenSigningKey parse(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidSigningKeyException("signing key is empty; " + RULE);
        }
        String encoded = secret.strip();
        if (encoded.startsWith(PREFIX)) {
            encoded = encoded.substring(PREFIX.length());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidSigningKeyException("signing key is not valid base64; " + RULE);
        }
        if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
            throw new InvalidSigningKeyException("signing key does not decode to 24 to 64 bytes; " + RULE);
        }
        return new DashenSigningKey(bytes);
    }

    /** HMAC-SHA256 of {@code message} under this key. */
    public byte[] hmac(byte[] message) {
        try {
            // A clone has its own state: threads never share one Mac, and the original is only read.
            return ((Mac) initialised.clone()).doFinal(message);
        } catch (CloneNotSupportedException e) {
            // The JDK's HmacSHA256 (SunJCE) is cloneable; a provider's that is not still gets a fresh one.
            return fresh(key).doFinal(message);
        }
    }

    private static Mac fresh(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java platform ships HmacSHA256, and a non-empty key is always valid for it.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DashenSigningKey[redacted]";
    }
}
