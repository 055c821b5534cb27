package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerReference;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A disbursement as the operator commands show it, whether it came over gRPC or from the database. The
 * account number is masked (all but its last four digits): these screens and their JSON end up in
 * tickets and chat.
 */
record DisbursementView(String id, String idempotencyKey, String product, String productReference, long amountMinor,
        String currency, String account, String status, String partnerReference, String failureCode,
        String failureMessage, Instant createdAt, Instant updatedAt) {

    static DisbursementView of(Disbursement d) {
        return new DisbursementView(d.id().toString(), d.request().idempotencyKey().value(),
                d.request().product().name(), d.request().productReference(), d.request().amount().amountMinor(),
                d.request().amount().currency(), d.request().beneficiary().maskedAccountNumber(), d.status().name(),
                d.partnerReference().map(PartnerReference::value).orElse(""), d.failure().map(Failure::code).orElse(""),
                d.failure().map(Failure::message).orElse(""), d.createdAt(), d.updatedAt());
    }

    static DisbursementView of(com.demozpay.gateway.api.v1.Disbursement d) {
        return new DisbursementView(d.getId(), d.getIdempotencyKey(), d.getProduct().name(), d.getProductReference(),
                d.getAmount().getAmountMinor(), d.getAmount().getCurrency(), mask(d.getBeneficiary().getAccountNumber()),
                d.getStatus().name(), d.getPartnerReference(), d.getFailureCode(), d.getFailureMessage(),
                instant(d.getCreatedAt()), instant(d.getUpdatedAt()));
    }

    /** The fields in display order, as the JSON output names them. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("idempotency_key", idempotencyKey);
        fields.put("product", product);
        fields.put("product_reference", productReference);
        fields.put("amount_minor", amountMinor);
        fields.put("currency", currency);
        fields.put("account", account);
        fields.put("status", status);
        fields.put("partner_reference", partnerReference);
        fields.put("failure_code", failureCode);
        fields.put("failure_message", failureMessage);
        fields.put("created_at", createdAt.toString());
        fields.put("updated_at", updatedAt.toString());
        return fields;
    }

    private static String mask(String accountNumber) {
        try {
            return new Beneficiary(accountNumber, "-").maskedAccountNumber();
        } catch (IllegalArgumentException notAnAccount) {
            return "****";
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
