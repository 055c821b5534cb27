package com.demozpay.gateway.domain;

import java.util.List;
import java.util.stream.Collectors;

/** One or more fields broke a rule. Each violation names the field (as on the wire) and the rule. */
public final class InvalidRequestException extends DisbursementException {

    /** A field that broke a rule, for example {@code amount.amount_minor} / {@code must be greater than 0}. */
    public record Violation(String field, String rule) {
        @Override
        public String toString() {
            return field + ": " + rule;
        }
    }

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String rule) {
        return new InvalidRequestException(List.of(new Violation(field, rule)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
