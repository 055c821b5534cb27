package com.demozpay.gateway.domain;

import java.util.Objects;
import java.util.UUID;

/** The gateway's id for a disbursement; it is also the {@code reference} the bank sees. */
public record DisbursementId(UUID value) {

    public DisbursementId {
        Objects.requireNonNull(value, "value");
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
