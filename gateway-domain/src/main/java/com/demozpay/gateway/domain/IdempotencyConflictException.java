package com.demozpay.gateway.domain;

import java.util.List;

/**
 * An idempotency key was reused for a different request. Nothing is stored and nothing is sent: the
 * caller must either repeat the original request exactly or use a new key.
 */
public final class IdempotencyConflictException extends DisbursementException {

    private final IdempotencyKey key;
    private final DisbursementId existing;
    private final List<String> differingFields;

    public IdempotencyConflictException(IdempotencyKey key, DisbursementId existing, List<String> differingFields) {
        super("idempotency_key " + key + " was already used for disbursement " + existing
                + " with a different " + String.join(", ", differingFields));
        this.key = key;
        this.existing = existing;
        this.differingFields = List.copyOf(differingFields);
    }

    public IdempotencyKey key() {
        return key;
    }

    public DisbursementId existing() {
        return existing;
    }

    /** Wire names of the fields that differ: any of product, product_reference, amount, beneficiary. */
    public List<String> differingFields() {
        return differingFields;
    }
}
