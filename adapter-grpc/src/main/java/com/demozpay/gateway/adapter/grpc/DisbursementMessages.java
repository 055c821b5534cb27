package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Translation between the {@code demoz.gateway.v1} messages and the domain, and nothing else: every
 * rule about a field's value is the domain's. Proto3 reads an absent field as its zero value, so a
 * missing amount or beneficiary reaches the domain as zero and empty strings, and the domain's
 * validation names each missing field.
 */
final class DisbursementMessages {

    private DisbursementMessages() {
    }

    static DisbursementDraft toDraft(InitiateDisbursementRequest request) {
        return new DisbursementDraft(
                request.getIdempotencyKey(),
                toDomain(request.getProduct()),
                request.getProductReference(),
                request.getAmount().getAmountMinor(),
                request.getAmount().getCurrency(),
                request.getBeneficiary().getAccountNumber(),
                request.getBeneficiary().getAccountName(),
                request.getNarrative());
    }

    /** @throws InvalidRequestException when no lookup is set, the id is not a UUID or the key is malformed */
    static StatusQuery toQuery(GetStatusRequest request) {
        StatusQuery.Lookup lookup = switch (request.getLookupCase()) {
            case ID -> new StatusQuery.Lookup.ById(DisbursementId.parse(request.getId(), "id"));
            case IDEMPOTENCY_KEY -> new StatusQuery.Lookup.ByIdempotencyKey(new IdempotencyKey(request.getIdempotencyKey()));
            case LOOKUP_NOT_SET -> throw InvalidRequestException.of("lookup", "set exactly one of id or idempotency_key");
        };
        return new StatusQuery(lookup, request.getRefresh());
    }

    static com.demozpay.gateway.api.v1.Disbursement toMessage(Disbursement disbursement) {
        DisbursementRequest request = disbursement.request();
        return com.demozpay.gateway.api.v1.Disbursement.newBuilder()
                .setId(disbursement.id().toString())
                .setIdempotencyKey(request.idempotencyKey().value())
                .setProduct(toMessage(request.product()))
                .setProductReference(request.productReference())
                .setAmount(com.demozpay.gateway.api.v1.Money.newBuilder()
                        .setAmountMinor(request.amount().amountMinor())
                        .setCurrency(request.amount().currency()))
                .setBeneficiary(com.demozpay.gateway.api.v1.Beneficiary.newBuilder()
                        .setAccountNumber(request.beneficiary().accountNumber())
                        .setAccountName(request.beneficiary().accountName()))
                .setStatus(toMessage(disbursement.status()))
                .setPartnerReference(disbursement.partnerReference().map(PartnerReference::value).orElse(""))
                .setFailureCode(disbursement.failure().map(Failure::code).orElse(""))
                .setFailureMessage(disbursement.failure().map(Failure::message).orElse(""))
                .setCreatedAt(toTimestamp(disbursement.createdAt()))
                .setUpdatedAt(toTimestamp(disbursement.updatedAt()))
                .build();
    }

    static com.demozpay.gateway.api.v1.DisbursementEvent toMessage(DisbursementEvent event) {
        return com.demozpay.gateway.api.v1.DisbursementEvent.newBuilder()
                .setCursor(event.cursor().toString())
                .setDisbursement(toMessage(event.disbursement()))
                .setFromStatus(event.fromStatus().map(DisbursementMessages::toMessage)
                        .orElse(com.demozpay.gateway.api.v1.DisbursementStatus.DISBURSEMENT_STATUS_UNSPECIFIED))
                .build();
    }

    /** PRODUCT_UNSPECIFIED and numbers this build does not know become null, which the domain refuses by name. */
    private static Product toDomain(com.demozpay.gateway.api.v1.Product product) {
        return switch (product) {
            case EWA -> Product.EWA;
            case LOAN -> Product.LOAN;
            case PRODUCT_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static com.demozpay.gateway.api.v1.Product toMessage(Product product) {
        return switch (product) {
            case EWA -> com.demozpay.gateway.api.v1.Product.EWA;
            case LOAN -> com.demozpay.gateway.api.v1.Product.LOAN;
        };
    }

    private static com.demozpay.gateway.api.v1.DisbursementStatus toMessage(
            com.demozpay.gateway.domain.DisbursementStatus status) {
        return switch (status) {
            case INITIATED -> com.demozpay.gateway.api.v1.DisbursementStatus.INITIATED;
            case SUBMITTED -> com.demozpay.gateway.api.v1.DisbursementStatus.SUBMITTED;
            case ACCEPTED -> com.demozpay.gateway.api.v1.DisbursementStatus.ACCEPTED;
            case SETTLED -> com.demozpay.gateway.api.v1.DisbursementStatus.SETTLED;
            case FAILED -> com.demozpay.gateway.api.v1.DisbursementStatus.FAILED;
        };
    }

    private static Timestamp toTimestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
