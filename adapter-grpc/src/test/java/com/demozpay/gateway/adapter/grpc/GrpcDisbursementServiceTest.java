package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.ACCOUNT_NUMBER;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.AMOUNT_MINOR;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.bankAccepted;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every answer of the gRPC API (docs/grpc-api.md), over a real socket, from the real use cases. */
class GrpcDisbursementServiceTest {

    private final GatewayHarness gateway = GatewayHarness.start();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void bankAcceptingTheTransferAnswersOkWithAcceptedAndEveryFieldEchoed() {
        // given
        gateway.partner.thenSubmit(bankAccepted("DSH-TX-1"));

        // when
        Disbursement disbursement = gateway.client().initiateDisbursement(validRequest("key-accepted"));

        // then
        assertThat(disbursement.getStatus()).isEqualTo(DisbursementStatus.ACCEPTED);
        assertThat(UUID.fromString(disbursement.getId())).isEqualTo(gateway.store.all().get(0).id().value());
        assertThat(disbursement.getIdempotencyKey()).isEqualTo("key-accepted");
        assertThat(disbursement.getProduct()).isEqualTo(Product.EWA);
        assertThat(disbursement.getProductReference()).isEqualTo("ewa-request-key-accepted");
        assertThat(disbursement.getAmount()).isEqualTo(Money.newBuilder().setAmountMinor(AMOUNT_MINOR).setCurrency("ETB").build());
        assertThat(disbursement.getBeneficiary().getAccountNumber()).isEqualTo(ACCOUNT_NUMBER);
        assertThat(disbursement.getBeneficiary().getAccountName()).isEqualTo("Abebe Kebede");
        assertThat(disbursement.getPartnerReference()).isEqualTo("DSH-TX-1");
        assertThat(disbursement.getFailureCode()).isEmpty();
        assertThat(Instant.ofEpochSecond(disbursement.getCreatedAt().getSeconds(), disbursement.getCreatedAt().getNanos()))
                .isEqualTo(gateway.clock.instant());
        assertThat(disbursement.getUpdatedAt()).isEqualTo(disbursement.getCreatedAt());
        assertThat(gateway.partner.submitted()).hasSize(1);
    }

    @Test
    void bankRejectingTheTransferAnswersOkWithFailedAndTheBankCode() {
        // given
        gateway.partner.thenSubmit(new PartnerOutcome.Rejected(new Failure("INVALID_ACCOUNT", "no such account")));

        // when
        Disbursement disbursement = gateway.client().initiateDisbursement(validRequest("key-rejected"));

        // then
        assertThat(disbursement.getStatus()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(disbursement.getFailureCode()).isEqualTo("INVALID_ACCOUNT");
        assertThat(disbursement.getFailureMessage()).isEqualTo("no such account");
    }

    @Test
    void unknownOutcomeAtTheBankAnswersOkWithSubmitted() {
        // given
        gateway.partner.thenSubmit(new PartnerOutcome.Unknown("read timed out"));

        // when
        Disbursement disbursement = gateway.client().initiateDisbursement(validRequest("key-unknown"));

        // then
        assertThat(disbursement.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
        assertThat(disbursement.getPartnerReference()).isEmpty();
    }

    @Test
    void retryWithTheSameKeyAndRequestReturnsTheSameDisbursementWithoutASecondTransfer() {
        // given
        gateway.partner.thenSubmit(bankAccepted("DSH-TX-2"));
        Disbursement first = gateway.client().initiateDisbursement(validRequest("key-retried"));

        // when
        Disbursement retried = gateway.client().initiateDisbursement(validRequest("key-retried"));

        // then
        assertThat(retried).isEqualTo(first);
        assertThat(gateway.partner.submitted()).hasSize(1);
        assertThat(gateway.store.all()).hasSize(1);
    }

    @Test
    void emptyRequestIsInvalidArgumentNamingEveryFieldAndRuleAndStoresNothing() {
        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(InitiateDisbursementRequest.getDefaultInstance()));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains(
                "idempotency_key: must be 1 to 128 characters",
                "product: is required",
                "product_reference: is required",
                "amount.amount_minor: must be greater than 0",
                "amount.currency: must be ETB",
                "beneficiary.account_number: must be 10 to 16 digits",
                "beneficiary.account_name: must be 1 to 100 characters");
        assertThat(badRequestFields(error)).containsExactly("idempotency_key", "product", "product_reference",
                "amount.amount_minor", "amount.currency", "beneficiary.account_number", "beneficiary.account_name");
        assertThat(gateway.store.all()).isEmpty();
        assertThat(gateway.partner.submitted()).isEmpty();
    }

    @Test
    void nulOrBidiOverrideInATextFieldIsInvalidArgumentNamingTheFieldAndStoresNothing() {
        // given: a NUL that PostgreSQL cannot store, and a right-to-left override that hides what a name says
        InitiateDisbursementRequest nulInName = validRequest("key-nul").toBuilder()
                .setBeneficiary(validRequest("key-nul").getBeneficiary().toBuilder().setAccountName("Abebe\u0000Kebede"))
                .build();
        InitiateDisbursementRequest overrideInNarrative = validRequest("key-bidi").toBuilder()
                .setNarrative("refund \u202Edecnavda")
                .build();

        // when
        StatusRuntimeException nul = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(nulInName));
        StatusRuntimeException bidi = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(overrideInNarrative));

        // then
        assertThat(nul).isNotNull();
        assertThat(nul.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(nul.getStatus().getDescription()).isEqualTo(
                "invalid request: beneficiary.account_name: must not contain control or invisible formatting characters");
        assertThat(badRequestFields(nul)).containsExactly("beneficiary.account_name");
        assertThat(bidi).isNotNull();
        assertThat(bidi.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badRequestFields(bidi)).containsExactly("narrative");
        assertThat(gateway.store.all()).isEmpty();
        assertThat(gateway.partner.submitted()).isEmpty();
    }

    @Test
    void amountOverTheLimitIsInvalidArgumentNamingTheLimit() {
        // given
        InitiateDisbursementRequest tooMuch = validRequest("key-too-much").toBuilder()
                .setAmount(Money.newBuilder().setAmountMinor(GatewayHarness.MAX_AMOUNT_MINOR + 1).setCurrency("ETB"))
                .build();

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(tooMuch));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription())
                .isEqualTo("invalid request: amount.amount_minor: must be at most " + GatewayHarness.MAX_AMOUNT_MINOR);
        assertThat(badRequestFields(error)).containsExactly("amount.amount_minor");
    }

    @Test
    void sameKeyWithADifferentRequestIsAlreadyExistsNamingTheDifferingFields() {
        // given
        gateway.partner.thenSubmit(bankAccepted("DSH-TX-3"));
        Disbursement first = gateway.client().initiateDisbursement(validRequest("key-reused"));
        InitiateDisbursementRequest different = validRequest("key-reused").toBuilder()
                .setAmount(Money.newBuilder().setAmountMinor(AMOUNT_MINOR + 100).setCurrency("ETB"))
                .setProductReference("ewa-request-2002")
                .build();

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(different));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(errorInfo(error).getReason()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(error.getStatus().getDescription())
                .contains("key-reused", first.getId(), "product_reference, amount")
                .doesNotContain("beneficiary");
        assertThat(gateway.partner.submitted()).hasSize(1);
    }

    @Test
    void bankNotReceivingTheTransferIsUnavailableAndARetryWithTheSameKeySubmitsItAgain() {
        // given
        gateway.partner.thenSubmit(new PartnerOutcome.NotReceived("connection refused"), bankAccepted("DSH-TX-4"));

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("key-not-received")));
        Disbursement retried = gateway.client().initiateDisbursement(validRequest("key-not-received"));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription())
                .contains("the bank did not receive", "retry with the same idempotency_key")
                .doesNotContain("connection refused");
        assertThat(retried.getStatus()).isEqualTo(DisbursementStatus.ACCEPTED);
        assertThat(gateway.partner.submitted()).hasSize(2).containsOnly(gateway.store.all().get(0).id());
    }

    @Test
    void secondKeyForALiveProductReferenceIsAlreadyExistsNamingTheLiveDisbursement() {
        // given
        gateway.partner.thenSubmit(bankAccepted("DSH-TX-8"));
        Disbursement first = gateway.client().initiateDisbursement(validRequest("key-first"));
        InitiateDisbursementRequest secondKey = validRequest("key-first").toBuilder()
                .setIdempotencyKey("key-second").build();

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(secondKey));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(error.getStatus().getDescription()).contains("ewa-request-key-first", first.getId());
        assertThat(errorInfo(error).getReason()).isEqualTo("PRODUCT_REFERENCE_IN_USE");
        assertThat(errorInfo(error).getMetadataMap()).containsEntry("disbursement_id", first.getId());
        assertThat(gateway.partner.submitted()).hasSize(1);
    }

    @Test
    void bankAcceptingWhileTheDatabaseFailsIsAbortedWithOutcomeUnknownNeverUnavailable() {
        // given: the bank takes the transfer, then storing its answer fails
        gateway.partner.alwaysSubmit(sent -> {
            gateway.store.failNextCalls(1);
            return bankAccepted("DSH-TX-9");
        });

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("key-outcome-unknown")));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(error.getStatus().getDescription()).contains("outcome unknown", "retry with the same idempotency_key");
        assertThat(errorInfo(error).getReason()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(errorInfo(error).getMetadataMap())
                .containsEntry("disbursement_id", gateway.store.all().get(0).id().toString());
    }

    @Test
    void unreachableDatabaseIsUnavailableForInitiationAndStatus() {
        // given
        gateway.store.failNextCalls(2);

        // when
        StatusRuntimeException initiateError = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("key-db-down")));
        StatusRuntimeException statusError = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().getStatus(byKey("key-db-down")));

        // then
        assertThat(initiateError.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(initiateError.getStatus().getDescription()).contains("database is unavailable");
        assertThat(statusError.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(gateway.partner.submitted()).isEmpty();
    }

    @Test
    void getStatusFindsTheDisbursementByIdAndByIdempotencyKey() {
        // given
        gateway.partner.thenSubmit(new PartnerOutcome.Unknown("HTTP 503"));
        Disbursement initiated = gateway.client().initiateDisbursement(validRequest("key-lookup"));

        // when
        Disbursement byId = gateway.client().getStatus(GetStatusRequest.newBuilder().setId(initiated.getId()).build());
        Disbursement byKey = gateway.client().getStatus(byKey("key-lookup"));

        // then
        assertThat(byId).isEqualTo(initiated);
        assertThat(byKey).isEqualTo(initiated);
        assertThat(gateway.partner.lookedUp()).isEmpty();
    }

    @Test
    void getStatusWithRefreshAppliesWhatTheBankReports() {
        // given
        gateway.partner.thenSubmit(new PartnerOutcome.Unknown("HTTP 503"));
        Disbursement initiated = gateway.client().initiateDisbursement(validRequest("key-refresh"));
        gateway.partner.thenLookup(new TransferLookup.Found(PartnerEvent.failed(new PartnerReference("DSH-TX-5"),
                null, new Failure("ACCOUNT_CLOSED", "account closed"))));

        // when
        Disbursement refreshed = gateway.client().getStatus(
                GetStatusRequest.newBuilder().setId(initiated.getId()).setRefresh(true).build());

        // then
        assertThat(refreshed.getStatus()).isEqualTo(DisbursementStatus.FAILED);
        assertThat(refreshed.getFailureCode()).isEqualTo("ACCOUNT_CLOSED");
        assertThat(refreshed.getPartnerReference()).isEqualTo("DSH-TX-5");
    }

    @Test
    void getStatusOfAnUnknownIdOrKeyIsNotFound() {
        // when
        StatusRuntimeException byId = catchThrowableOfType(StatusRuntimeException.class, () -> gateway.client()
                .getStatus(GetStatusRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
        StatusRuntimeException byKey = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().getStatus(byKey("never-used")));

        // then
        assertThat(byId.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(byKey.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(byKey.getStatus().getDescription()).contains("idempotency_key never-used");
    }

    @Test
    void getStatusWithoutLookupIsInvalidArgumentNamingIdAndIdempotencyKey() {
        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().getStatus(GetStatusRequest.newBuilder().setRefresh(true).build()));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("id", "idempotency_key");
    }

    @Test
    void getStatusWithAnIdThatIsNotAUuidIsInvalidArgument() {
        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().getStatus(GetStatusRequest.newBuilder().setId("DSH-TX-1").build()));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).isEqualTo("invalid request: id: must be a UUID");
        assertThat(badRequestFields(error)).containsExactly("id");
    }

    @Test
    void getStatusWithAMalformedIdempotencyKeyIsInvalidArgument() {
        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().getStatus(byKey("spaces are not allowed")));

        // then
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badRequestFields(error)).containsExactly("idempotency_key");
    }

    private static GetStatusRequest byKey(String key) {
        return GetStatusRequest.newBuilder().setIdempotencyKey(key).build();
    }

    private static java.util.List<String> badRequestFields(StatusRuntimeException error) {
        try {
            return StatusProto.fromThrowable(error).getDetails(0).unpack(BadRequest.class).getFieldViolationsList()
                    .stream().map(BadRequest.FieldViolation::getField).toList();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the details are not a google.rpc.BadRequest", e);
        }
    }

    private static ErrorInfo errorInfo(StatusRuntimeException error) {
        try {
            return StatusProto.fromThrowable(error).getDetails(0).unpack(ErrorInfo.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the details are not a google.rpc.ErrorInfo", e);
        }
    }
}
