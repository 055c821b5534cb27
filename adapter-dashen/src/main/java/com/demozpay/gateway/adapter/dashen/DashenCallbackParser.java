package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import com.fasterxml.jackson.core.JsonFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads a verified callback body, {@code {"type", "reference", "transferId", "amount", "currency",
 * "failureCode"?, "failureMessage"?, "occurredAt"}}, into a {@link VerifiedCallback}; anything else is
 * {@code MALFORMED} with the field and rule named. A {@code transfer.failed} without a
 * {@code failureCode} is read with {@link DashenTransferJson#UNSPECIFIED_FAILURE}.
 */
final class DashenCallbackParser {

    static final int MAX_ID_LENGTH = 255;
    static final int MAX_REFERENCE_LENGTH = 128;

    private final JsonFactory jsonFactory;

    DashenCallbackParser(JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
    }

    VerifiedCallback parse(String eventId, byte[] body) {
        try {
            if (eventId.length() > MAX_ID_LENGTH) {
                throw new MalformedTransferException("webhook-id is longer than 255 characters");
            }
            DashenTransferJson json = DashenTransferJson.parse(jsonFactory, body);
            DisbursementStatus status = status(json.requiredText("type"));
            String reference = json.requiredText("reference");
            if (reference.length() > MAX_REFERENCE_LENGTH) {
                throw new MalformedTransferException("reference is longer than 128 characters");
            }
            var event = json.event(status, json.transferId(), json.money());
            return new VerifiedCallback(eventId, reference, event, occurredAt(json.requiredText("occurredAt")));
        } catch (MalformedTransferException e) {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.MALFORMED,
                    "malformed callback: " + e.getMessage());
        }
    }

    private static DisbursementStatus status(String type) throws MalformedTransferException {
        return switch (type) {
            case "transfer.accepted" -> DisbursementStatus.ACCEPTED;
            case "transfer.completed" -> DisbursementStatus.SETTLED;
            case "transfer.failed" -> DisbursementStatus.FAILED;
            default -> throw new MalformedTransferException(
                    "type is not transfer.accepted, transfer.completed or transfer.failed");
        };
    }

    private static Instant occurredAt(String text) throws MalformedTransferException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedTransferException("occurredAt must be an ISO-8601 date-time with an offset");
        }
    }
}
