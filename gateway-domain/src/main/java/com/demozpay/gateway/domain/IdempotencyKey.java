package com.demozpay.gateway.domain;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The caller's key that makes initiation safe to retry: one key, one disbursement, one transfer. */
public record IdempotencyKey(String value) {

    static final String FIELD = "idempotency_key";
    static final String RULE = "must be 1 to 128 characters of [A-Za-z0-9._:-]";
    static final Predicate<String> SHAPE_CHECK = Pattern.compile("[A-Za-z0-9._:-]{1,128}").asMatchPredicate();

    public IdempotencyKey {
        if (value == null || !SHAPE_CHECK.test(value)) {
            throw InvalidRequestException.of(FIELD, RULE);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
