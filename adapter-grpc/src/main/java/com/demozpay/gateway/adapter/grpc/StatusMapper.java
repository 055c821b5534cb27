package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.OutcomeUnknownException;
import com.demozpay.gateway.ports.in.PartnerUnavailableException;
import com.demozpay.gateway.ports.out.EventCursor;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where what the use cases throw becomes a gRPC status (docs/grpc-api.md, "Errors"). Each
 * message tells a developer at the API what to do; an exception nobody expected becomes an opaque
 * INTERNAL whose reference leads to the log line with the detail, never to a stack trace on the wire.
 */
final class StatusMapper {

    private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);

    /** {@code ErrorInfo.domain} of every reason below. */
    static final String ERROR_DOMAIN = "gateway.demozpay.com";
    /** ABORTED: the request may have reached the bank; retry with the same idempotency_key. */
    static final String OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";
    /** ALREADY_EXISTS: the idempotency_key was used for a different request. */
    static final String IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT";
    /** ALREADY_EXISTS: the product reference has a live disbursement under another key. */
    static final String PRODUCT_REFERENCE_IN_USE = "PRODUCT_REFERENCE_IN_USE";
    private static final String DISBURSEMENT_ID = "disbursement_id";

    private StatusMapper() {
    }

    static StatusRuntimeException toStatusException(RuntimeException error) {
        if (error instanceof InvalidRequestException invalid) {
            return invalidArgument(invalid);
        }
        if (error instanceof IdempotencyConflictException conflict) {
            return withReason(Code.ALREADY_EXISTS, conflict.getMessage(), IDEMPOTENCY_CONFLICT,
                    Map.of(DISBURSEMENT_ID, conflict.existing().toString()));
        }
        if (error instanceof ProductReferenceInUseException inUse) {
            return withReason(Code.ALREADY_EXISTS, inUse.getMessage(), PRODUCT_REFERENCE_IN_USE,
                    Map.of(DISBURSEMENT_ID, inUse.existing().toString()));
        }
        if (error instanceof PartnerUnavailableException notSent) {
            log.atWarn().setMessage("bank did not receive disbursement")
                    .addKeyValue("disbursement_id", notSent.disbursementId())
                    .addKeyValue("err", notSent.getMessage())
                    .log();
            // The message says why (not received, or being processed) and that a retry is safe.
            return Status.UNAVAILABLE.withDescription(notSent.getMessage()).asRuntimeException();
        }
        if (error instanceof OutcomeUnknownException unknown) {
            log.atWarn().setMessage("disbursement outcome unknown")
                    .addKeyValue("disbursement_id", unknown.disbursementId())
                    .addKeyValue("err", String.valueOf(unknown.getCause()))
                    .log();
            return withReason(Code.ABORTED, unknown.getMessage(), OUTCOME_UNKNOWN,
                    Map.of(DISBURSEMENT_ID, unknown.disbursementId().toString()));
        }
        if (error instanceof DisbursementNotFoundException notFound) {
            return Status.NOT_FOUND.withDescription(notFound.getMessage()).asRuntimeException();
        }
        if (error instanceof StoreUnavailableException storeDown) {
            log.atWarn().setMessage("database unavailable").addKeyValue("err", storeDown.toString()).log();
            return Status.UNAVAILABLE.withDescription("the gateway's database is unavailable; retry later "
                    + "(an initiation is safe to retry with the same idempotency_key)").asRuntimeException();
        }
        return internal(error);
    }

    /** For a call whose deadline passed, or that its caller cancelled, before any work was started. */
    static StatusRuntimeException tooLateToStart(boolean deadlineExpired) {
        Status status = deadlineExpired ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
        return status.withDescription("the call ended before the gateway started work; nothing was done")
                .asRuntimeException();
    }

    /** A watcher that took nothing for {@code stalledFor} while events waited for it. */
    static StatusRuntimeException watcherStalled(EventCursor lastSent, Duration stalledFor) {
        return Status.RESOURCE_EXHAUSTED.withDescription("the watcher read nothing for " + stalledFor.toMillis()
                + " ms while events waited, so the gateway ended its stream; resume with after_cursor="
                + lastSent).asRuntimeException();
    }

    static StatusRuntimeException tooManyWatchers(int max) {
        return Status.RESOURCE_EXHAUSTED.withDescription("this gateway replica already serves " + max
                + " watchers; retry later, or on another replica").asRuntimeException();
    }

    /** The replica is stopping: the stream ends, and any other replica resumes it from the cursor. */
    static StatusRuntimeException watchEndedByShutdown(String cursor) {
        return Status.UNAVAILABLE.withDescription("the gateway replica is shutting down; resume with after_cursor="
                + cursor + " (any replica serves it)").asRuntimeException();
    }

    /** A stream that failed while it ran, the database being out of reach most likely: say where to resume. */
    static StatusRuntimeException watchFailed(RuntimeException error, EventCursor lastSent) {
        StatusRuntimeException mapped = toStatusException(error);
        return mapped.getStatus().augmentDescription("resume with after_cursor=" + lastSent)
                .asRuntimeException(mapped.getTrailers());
    }

    private static StatusRuntimeException invalidArgument(InvalidRequestException invalid) {
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        invalid.violations().forEach(v -> badRequest.addFieldViolationsBuilder()
                .setField(v.field())
                .setDescription(v.rule()));
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("invalid request: " + invalid.getMessage())
                .addDetails(Any.pack(badRequest.build()))
                .build());
    }

    /** A status whose machine-readable reason travels as a {@code google.rpc.ErrorInfo} detail. */
    private static StatusRuntimeException withReason(Code code, String message, String reason,
            Map<String, String> metadata) {
        ErrorInfo info = ErrorInfo.newBuilder().setReason(reason).setDomain(ERROR_DOMAIN).putAllMetadata(metadata).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .addDetails(Any.pack(info))
                .build());
    }

    private static StatusRuntimeException internal(RuntimeException error) {
        UUID reference = UUID.randomUUID();
        log.atError().setMessage("grpc call failed unexpectedly")
                .addKeyValue("reference", reference)
                .addKeyValue("err", error.toString())
                .setCause(error)
                .log();
        return Status.INTERNAL.withDescription("internal error; reference " + reference).asRuntimeException();
    }
}
