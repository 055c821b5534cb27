package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the transfer fields the bank sends in answers and callbacks ({@code reference},
 * {@code transferId}, {@code amount}, {@code currency}, {@code failureCode}, {@code failureMessage})
 * into domain values, with an error naming the field that breaks the contract.
 */
final class DashenTransferJson {

    /**
     * The code given to a FAILED transfer for which the bank sent no {@code failureCode}: the money is
     * definitely not moving, which matters more than the missing reason.
     */
    static final String UNSPECIFIED_FAILURE = "UNSPECIFIED_FAILURE";

    private final JsonNode node;

    private DashenTransferJson(JsonNode node) {
        this.node = node;
    }

    static DashenTransferJson parse(ObjectMapper mapper, byte[] body) throws MalformedTransferException {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedTransferException("body is not JSON");
        } catch (IOException e) {
            throw new MalformedTransferException("body cannot be read");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedTransferException("body is not a JSON object");
        }
        return new DashenTransferJson(node);
    }

    String requiredText(String field) throws MalformedTransferException {
        Optional<String> text = optionalText(field);
        if (text.isEmpty() || text.get().isBlank()) {
            throw new MalformedTransferException(field + " is missing");
        }
        return text.get();
    }

    Optional<String> optionalText(String field) throws MalformedTransferException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedTransferException(field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    PartnerReference transferId() throws MalformedTransferException {
        try {
            return new PartnerReference(requiredText("transferId"));
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException("transferId must be 1 to 128 characters");
        }
    }

    Money money() throws MalformedTransferException {
        long minor;
        try {
            minor = DashenAmounts.toMinor(requiredText("amount"));
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException(e.getMessage());
        }
        try {
            return new Money(minor, requiredText("currency"));
        } catch (IllegalArgumentException e) {
            throw new MalformedTransferException("currency must be three upper-case letters");
        }
    }

    /** The event for a transfer in {@code status}; FAILED carries the bank's failure (see {@link #UNSPECIFIED_FAILURE}). */
    PartnerEvent event(DisbursementStatus status, PartnerReference transferId, Money amount)
            throws MalformedTransferException {
        if (status != DisbursementStatus.FAILED) {
            return PartnerEvent.reported(status, transferId, amount);
        }
        String code = optionalText("failureCode").filter(c -> !c.isBlank()).orElse(UNSPECIFIED_FAILURE);
        String message = optionalText("failureMessage").orElse("");
        return PartnerEvent.failed(transferId, amount, new Failure(code, message));
    }

    /** The contract's status mapping: PENDING → SUBMITTED, ACCEPTED, COMPLETED → SETTLED, FAILED. */
    DisbursementStatus status() throws MalformedTransferException {
        return status(requiredText("status"));
    }

    /** The contract's status mapping of one wire value (JSON answers, callbacks and statement files alike). */
    static DisbursementStatus status(String wire) throws MalformedTransferException {
        return switch (wire) {
            case "PENDING" -> DisbursementStatus.SUBMITTED;
            case "ACCEPTED" -> DisbursementStatus.ACCEPTED;
            case "COMPLETED" -> DisbursementStatus.SETTLED;
            case "FAILED" -> DisbursementStatus.FAILED;
            default -> throw new MalformedTransferException("status is not PENDING, ACCEPTED, COMPLETED or FAILED");
        };
    }
}
