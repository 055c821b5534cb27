package com.demozpay.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated request to pay a beneficiary. Two requests under one idempotency key are "the same"
 * when product, product reference, amount and beneficiary are equal; the narrative is free text and
 * does not count.
 */
public record DisbursementRequest(
        IdempotencyKey idempotencyKey,
        Product product,
        String productReference,
        Money amount,
        Beneficiary beneficiary,
        Optional<String> narrative) {

    public DisbursementRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(productReference, "productReference");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(beneficiary, "beneficiary");
        Objects.requireNonNull(narrative, "narrative");
    }

    /** Wire names of the fields that make {@code other} a different request, in a stable order. */
    public List<String> differencesFrom(DisbursementRequest other) {
        List<String> differing = new ArrayList<>();
        if (product != other.product) {
            differing.add("product");
        }
        if (!productReference.equals(other.productReference)) {
            differing.add("product_reference");
        }
        if (!amount.equals(other.amount)) {
            differing.add("amount");
        }
        if (!beneficiary.equals(other.beneficiary)) {
            differing.add("beneficiary");
        }
        return differing;
    }
}
