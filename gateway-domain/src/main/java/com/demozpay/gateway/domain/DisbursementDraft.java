package com.demozpay.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request to disburse as it arrived, before any rule was checked. Any field may be null or empty;
 * {@link #validate(DisbursementLimits)} turns it into a {@link DisbursementRequest} or names every
 * field that breaks a rule. Every free-text field is also held to {@link InvisibleCharacters}; the
 * idempotency key's shape already allows only printable ASCII.
 */
public record DisbursementDraft(
        String idempotencyKey,
        Product product,
        String productReference,
        long amountMinor,
        String currency,
        String accountNumber,
        String accountName,
        String narrative) {

    static final int MAX_PRODUCT_REFERENCE_LENGTH = 128;
    static final int MAX_NARRATIVE_LENGTH = 140;

    public DisbursementRequest validate(DisbursementLimits limits) {
        List<InvalidRequestException.Violation> violations = new ArrayList<>();
        if (idempotencyKey == null || !IdempotencyKey.SHAPE_CHECK.test(idempotencyKey)) {
            violations.add(violation(IdempotencyKey.FIELD, IdempotencyKey.RULE));
        }
        if (product == null) {
            violations.add(violation("product", "is required: EWA or LOAN"));
        }
        if (productReference == null || productReference.isBlank()) {
            violations.add(violation("product_reference", "is required"));
        } else if (productReference.codePointCount(0, productReference.length()) > MAX_PRODUCT_REFERENCE_LENGTH) {
            violations.add(violation("product_reference", "must be at most 128 characters"));
        } else if (InvisibleCharacters.present(productReference)) {
            violations.add(violation("product_reference", InvisibleCharacters.RULE));
        }
        if (amountMinor <= 0) {
            violations.add(violation("amount.amount_minor", "must be greater than 0"));
        } else if (amountMinor > limits.maxAmountMinor()) {
            violations.add(violation("amount.amount_minor", "must be at most " + limits.maxAmountMinor()));
        }
        if (!Money.ETB.equals(currency)) {
            violations.add(violation("amount.currency", "must be ETB"));
        }
        if (accountNumber == null || !Beneficiary.ACCOUNT_NUMBER.matcher(accountNumber).matches()) {
            violations.add(violation("beneficiary.account_number", "must be 10 to 16 digits"));
        }
        if (!Beneficiary.isValidName(accountName)) {
            violations.add(violation("beneficiary.account_name", "must be 1 to 100 characters"));
        } else if (InvisibleCharacters.present(accountName)) {
            violations.add(violation("beneficiary.account_name", InvisibleCharacters.RULE));
        }
        if (narrative != null && narrative.codePointCount(0, narrative.length()) > MAX_NARRATIVE_LENGTH) {
            violations.add(violation("narrative", "must be at most 140 characters"));
        } else if (narrative != null && InvisibleCharacters.present(narrative)) {
            violations.add(violation("narrative", InvisibleCharacters.RULE));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new DisbursementRequest(
                new IdempotencyKey(idempotencyKey),
                product,
                productReference,
                Money.etb(amountMinor),
                new Beneficiary(accountNumber, accountName),
                Optional.ofNullable(narrative).filter(n -> !n.isEmpty()));
    }

    private static InvalidRequestException.Violation violation(String field, String rule) {
        return new InvalidRequestException.Violation(field, rule);
    }
}
