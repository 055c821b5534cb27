package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.PartnerUnavailableException;
import com.demozpay.gateway.ports.out.EventCursor;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
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

    private StatusMapper() {
    }

    static StatusRuntimeException toStatusException(RuntimeException error) {
        if (error instanceof InvalidRequestException invalid) {
            return invalidArgument(invalid);
        }
        if (error instanceof IdempotencyConflictException conflict) {
            return Status.ALREADY_EXISTS.withDescription(conflict.getMessage()).asRuntimeException();
        }
        if (error instanceof PartnerUnavailableException notSent) {
            log.atWarn().setMessage("bank did not receive disbursement")
                    .addKeyValue("disbursement_id", notSent.disbursementId())
                    .addKeyValue("err", notSent.getMessage())
                    .log();
            // The message says why (not received, or being processed) and that a retry is safe.
            return Status.UNAVAILABLE.withDescription(notSent.getMessage()).asRuntimeException();
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
