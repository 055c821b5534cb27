package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.fasterxml.jackson.core.JsonFactory;
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

    private final JsonFields fields;

    private DashenTransferJson(JsonFields fields) {
        this.fields = fields;
    }

    static DashenTransferJson parse(JsonFactory json, byte[] body) throws MalformedTransferException {
        return new DashenTransferJson(JsonFields.parse(json, body));
    }

    String requiredText(String field) throws MalformedTransferException {
        Optional<String> text = optionalText(field);
        if (text.isEmpty() || text.get().isBlank()) {
            throw new MalformedTransferException(field + " is missing");
        }
        return text.get();
    }

    Optional<String> optionalText(String field) throws MalformedTransferException {
        return fields.text(field);
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
