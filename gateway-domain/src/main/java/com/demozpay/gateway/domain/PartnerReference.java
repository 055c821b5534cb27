package com.demozpay.gateway.domain;

/** The bank's own id for a transfer ({@code transferId}), known once the bank has answered. */
public record PartnerReference(String value) {

    public PartnerReference {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException("partner reference must be 1 to 128 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
