package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenAmounts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The sandbox bank's side of the wire format: orders in, answers and callback bodies out. */
final class SandboxJson {

    /** A request body the bank cannot read: answered 400 with this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SandboxJson() {
    }

    static SandboxTransfer.Order order(byte[] body) throws BadRequest {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("body is not a JSON object");
        }
        String amount = text(node, "amount", true);
        try {
            DashenAmounts.toMinor(amount);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return new SandboxTransfer.Order(text(node, "reference", true), amount, text(node, "currency", true),
                text(node, "creditAccount", true), text(node, "creditName", true), text(node, "narrative", false));
    }

    /** The answer to a submit: {@code {"reference", "transferId", "status"}}, with the failure once FAILED. */
    static byte[] submitAnswer(SandboxTransfer transfer) {
        return bytes(head(transfer));
    }

    /** The answer to a lookup: the submit answer plus amount, currency and completedAt once COMPLETED. */
    static byte[] lookupAnswer(SandboxTransfer transfer) {
        ObjectNode node = head(transfer)
                .put("amount", transfer.order().amount())
                .put("currency", transfer.order().currency());
        transfer.completedAt().ifPresent(at -> node.put("completedAt", at.toString()));
        return bytes(node);
    }

    static byte[] callback(String type, SandboxTransfer transfer, Instant occurredAt) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("type", type)
                .put("reference", transfer.reference())
                .put("transferId", transfer.transferId())
                .put("amount", transfer.order().amount())
                .put("currency", transfer.order().currency());
        return bytes(withFailure(node, transfer).put("occurredAt", occurredAt.toString()));
    }

    static byte[] error(String code, String message) {
        return bytes(MAPPER.createObjectNode().put("code", code).put("message", message));
    }

    /**
     * One line of the {@code ledger} command: the lookup answer plus the account credited and how many
     * submits named the reference, so that a test in another process can audit the books.
     */
    static String ledgerLine(SandboxTransfer transfer, int submits) {
        ObjectNode node = (ObjectNode) read(lookupAnswer(transfer));
        node.put("creditAccount", transfer.order().creditAccount()).put("submits", submits);
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode head(SandboxTransfer transfer) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("reference", transfer.reference())
                .put("transferId", transfer.transferId())
                .put("status", transfer.status().name());
        return withFailure(node, transfer);
    }

    private static ObjectNode withFailure(ObjectNode node, SandboxTransfer transfer) {
        transfer.failureCode().ifPresent(code -> node.put("failureCode", code));
        transfer.failureMessage().ifPresent(message -> node.put("failureMessage", message));
        return node;
    }

    private static String text(JsonNode node, String field, boolean required) throws BadRequest {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(field + " is missing");
            }
            return "";
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw new BadRequest(field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
