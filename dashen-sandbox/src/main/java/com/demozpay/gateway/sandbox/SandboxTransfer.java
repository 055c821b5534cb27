package com.demozpay.gateway.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A transfer as the sandbox bank holds it: the order it received, its own id, its value date (the UTC day
 * it was recorded, which puts it on that day's statement) and where it stands.
 */
public record SandboxTransfer(
        Order order,
        String transferId,
        LocalDate valueDate,
        Status status,
        Optional<String> failureCode,
        Optional<String> failureMessage,
        Optional<Instant> completedAt) {

    /** The bank's statuses, as on the wire. */
    public enum Status { PENDING, ACCEPTED, COMPLETED, FAILED }

    /** The body of a {@code POST /v1/transfers}; two orders with one reference are "the same" when equal. */
    public record Order(String reference, String amount, String currency, String creditAccount, String creditName,
            String narrative) {
        public Order {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(creditAccount, "creditAccount");
            Objects.requireNonNull(creditName, "creditName");
            Objects.requireNonNull(narrative, "narrative");
        }
    }

    static SandboxTransfer pending(Order order, String transferId, LocalDate valueDate) {
        return new SandboxTransfer(order, transferId, valueDate, Status.PENDING, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public String reference() {
        return order.reference();
    }

    SandboxTransfer accepted() {
        return new SandboxTransfer(order, transferId, valueDate, Status.ACCEPTED, failureCode, failureMessage, completedAt);
    }

    SandboxTransfer completed(Instant at) {
        return new SandboxTransfer(order, transferId, valueDate, Status.COMPLETED, Optional.empty(), Optional.empty(), Optional.of(at));
    }

    SandboxTransfer failed(String code, String message) {
        return new SandboxTransfer(order, transferId, valueDate, Status.FAILED, Optional.of(code), Optional.of(message), Optional.empty());
    }
}
