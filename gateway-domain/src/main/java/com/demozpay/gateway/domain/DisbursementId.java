package com.demozpay.gateway.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * The gateway's id for a disbursement; it is also the {@code reference} the bank sees. It is derived
 * from the product and the idempotency key ({@link #derive}), never drawn at random: a retry after the
 * row was lost (a failover to an asynchronous replica, a point-in-time restore) reaches the bank under
 * the same reference, which the bank de-duplicates, instead of paying a second time.
 */
public record DisbursementId(UUID value) {

    /** The UUIDv5 namespace of disbursement references. Changing it would re-pay every lost row: never. */
    static final UUID NAMESPACE = UUID.fromString("6f1c3e2a-8d4b-4c6e-9a57-3b2d1e0f4a89");

    public DisbursementId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * The reference for a request under {@code key}: a name-based UUID (version 5, RFC 9562) of
     * {@code "<PRODUCT>:<key>"} under {@link #NAMESPACE}. The product name has no colon, so no two
     * pairs share a name.
     */
    public static DisbursementId derive(Product product, IdempotencyKey key) {
        byte[] name = (product.name() + ":" + key.value()).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = sha1();
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name));
        long high = (hash.getLong() & ~0xF000L) | 0x5000L;
        long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new DisbursementId(new UUID(high, low));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Parses the canonical UUID text form, naming {@code field} in the error if it is not one. */
    public static DisbursementId parse(String text, String field) {
        if (text == null || text.length() != 36) {
            throw InvalidRequestException.of(field, "must be a UUID");
        }
        try {
            return new DisbursementId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(field, "must be a UUID");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
