package com.demozpay.gateway.domain;

import java.util.Objects;

/** Why a disbursement failed: the bank's code (or one of ours, such as {@link #NOT_SUBMITTED}) and its text. */
public record Failure(String code, String message) {

    /** Our code for a disbursement the bank never received and that will not be sent again. */
    public static final String NOT_SUBMITTED = "NOT_SUBMITTED";

    public Failure {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("failure code must not be blank");
        }
        message = Objects.requireNonNullElse(message, "");
    }
}
