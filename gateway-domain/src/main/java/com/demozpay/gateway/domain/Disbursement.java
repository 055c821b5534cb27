package com.demozpay.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One payout to one beneficiary, and where it stands. Immutable: every rule that moves it is a pure
 * function here that returns a {@link Decision}, and {@link #apply} turns a transition into the next
 * value. Whatever order, repetition or contradiction the bank's events arrive in, a final
 * disbursement never changes.
 */
public record Disbursement(
        DisbursementId id,
        DisbursementRequest request,
        DisbursementStatus status,
        Optional<PartnerReference> partnerReference,
        Optional<Failure> failure,
        Instant createdAt,
        Instant updatedAt) {

    public Disbursement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(partnerReference, "partnerReference");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new disbursement, stored before anything is sent so that the bank only ever sees one reference. */
    public static Disbursement initiate(DisbursementId id, DisbursementRequest request, Instant now) {
        return new Disbursement(id, request, DisbursementStatus.INITIATED, Optional.empty(), Optional.empty(), now, now);
    }

    /**
     * Checks that {@code repeated}, sent again under this disbursement's idempotency key, is the same
     * request.
     *
     * @throws IdempotencyConflictException naming the fields that differ
     */
    public void requireSameRequest(DisbursementRequest repeated) {
        List<String> differing = request.differencesFrom(repeated);
        if (!differing.isEmpty()) {
            throw new IdempotencyConflictException(request.idempotencyKey(), id, differing);
        }
    }

    /**
     * Whether this disbursement holds its product reference against another one: any that has not
     * failed may still pay the request, so a second one for it would pay twice.
     */
    public boolean holdsProductReference() {
        return status != DisbursementStatus.FAILED;
    }

    /**
     * Refuses {@code other}, a request under another idempotency key, while this disbursement holds
     * the same product reference.
     *
     * @throws ProductReferenceInUseException naming this disbursement
     */
    public void refuseSecondFor(DisbursementRequest other) {
        if (holdsProductReference() && other.product() == request.product()
                && other.productReference().equals(request.productReference())) {
            throw new ProductReferenceInUseException(request.product(), request.productReference(), id);
        }
    }

    /** Weighs what the bank reports (callback or status query) against what we know. */
    public Decision decide(PartnerEvent event) {
        Optional<Decision> anomaly = contradiction(event);
        if (anomaly.isPresent()) {
            return anomaly.get();
        }
        DisbursementStatus reported = event.status();
        if (reported == status) {
            return new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE);
        }
        if (status.isFinal()) {
            // A late SUBMITTED/ACCEPTED is stale, unless we failed it because the bank had no record:
            // then any sign of the transfer means money may move on a disbursement we call failed.
            return reported.isFinal() || failedAsNotSubmitted()
                    ? new Decision.Anomaly(AnomalyKind.CONFLICTING_FINAL,
                            "bank reports " + reported + " for a disbursement that is " + status
                                    + failure.map(f -> " " + f.code()).orElse(""))
                    : new Decision.NoChange(NoChangeReason.STALE);
        }
        if (!status.canMoveTo(reported)) {
            return new Decision.NoChange(NoChangeReason.STALE);
        }
        return new Decision.Transition(status, reported, event.partnerReference().or(() -> partnerReference),
                event.failure());
    }

    /**
     * Weighs the answer to a submit: accepted moves on, rejected fails (unless the bank had accepted it:
     * an anomaly), not-received waits, unknown is SUBMITTED.
     */
    public Decision decideAfterSubmit(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.Accepted accepted) {
            return decide(accepted.event());
        }
        if (outcome instanceof PartnerOutcome.Rejected rejected) {
            // A callback may have moved it on while the submit was in flight: a 422 after the bank
            // accepted contradicts it, and money may be moving, so it never fails it.
            if (status == DisbursementStatus.ACCEPTED) {
                return new Decision.Anomaly(AnomalyKind.REFUSED_AFTER_ACCEPTED,
                        "the bank refused (" + rejected.failure().code() + ") a transfer it had accepted");
            }
            return decide(PartnerEvent.failed(null, null, rejected.failure()));
        }
        if (outcome instanceof PartnerOutcome.NotReceived) {
            return new Decision.NoChange(NoChangeReason.NOT_RECEIVED);
        }
        return decide(PartnerEvent.outcomeUnknown());
    }

    /**
     * Weighs the answer to a submit that could not be recorded because its lease had passed to another
     * holder (this is the disbursement as that holder left it): if the submit may have reached the bank
     * and the other holder failed it as never received, the two contradict each other, and a human must
     * look. Any other state is the truth already, or will be found by the reconciler.
     */
    public Optional<Decision.Anomaly> whenSubmitLostItsLease(PartnerOutcome outcome) {
        boolean mayHaveReachedTheBank = outcome instanceof PartnerOutcome.Accepted
                || outcome instanceof PartnerOutcome.Unknown;
        boolean failedAsNeverReceived = status == DisbursementStatus.FAILED
                && failure.filter(f -> f.code().equals(Failure.NOT_SUBMITTED)).isPresent();
        if (mayHaveReachedTheBank && failedAsNeverReceived) {
            return Optional.of(new Decision.Anomaly(AnomalyKind.FAILED_WHILE_SUBMITTING,
                    "a submit the bank may hold came back after another holder failed it as never received"));
        }
        return Optional.empty();
    }

    /**
     * Weighs the answer to a resend of a SUBMITTED disbursement the bank had no record of, the
     * {@code attempt}-th under {@code limit}. A 422 is not final here: the first submit, whose outcome
     * was unknown, may still be paying. The last allowed resend without a usable answer calls a human.
     */
    public Decision decideAfterResubmit(PartnerOutcome outcome, int attempt, ResubmitLimit limit) {
        if (status == DisbursementStatus.SUBMITTED && outcome instanceof PartnerOutcome.Rejected rejected) {
            return new Decision.Anomaly(AnomalyKind.REFUSED_ON_RESUBMIT,
                    "the bank refused a resend (" + rejected.failure().code() + ") of a transfer it may hold");
        }
        Decision decision = decideAfterSubmit(outcome);
        boolean noUsableAnswer = outcome instanceof PartnerOutcome.Unknown || outcome instanceof PartnerOutcome.NotReceived;
        if (noUsableAnswer && decision instanceof Decision.NoChange && attempt >= limit.maxAttempts()) {
            return resubmitsExhausted(attempt);
        }
        return decision;
    }

    /** Before resend number {@code attempt}: past the limit nothing is sent, and a human is called. */
    public Optional<Decision.Anomaly> refuseResubmit(int attempt, ResubmitLimit limit) {
        return attempt > limit.maxAttempts() ? Optional.of(resubmitsExhausted(limit.maxAttempts())) : Optional.empty();
    }

    private static Decision.Anomaly resubmitsExhausted(int sent) {
        return new Decision.Anomaly(AnomalyKind.RESUBMITS_EXHAUSTED,
                sent + " resends got no usable answer and the bank has no record of the transfer");
    }

    /**
     * What to do when the bank has no record of this disbursement, asked about it while it was in
     * {@code askedIn}. An INITIATED one was never received and ends FAILED {@code NOT_SUBMITTED}; a
     * SUBMITTED one whose submit had an unknown outcome is sent again under the same reference; one the
     * bank had confirmed is a {@link AnomalyKind#TRANSFER_MISSING_AT_PARTNER}; a FAILED one stays. If it
     * has moved since the bank was asked (a retry submitted it, a callback confirmed it), the bank's answer
     * is older news than that move and is {@code STALE}: failing it then could call a transfer failed that
     * the bank is paying.
     */
    public NoRecordAction whenPartnerHasNoRecord(DisbursementStatus askedIn) {
        if (status != askedIn) {
            return decided(new Decision.NoChange(NoChangeReason.STALE));
        }
        return switch (status) {
            case INITIATED -> decided(decide(PartnerEvent.notSubmitted()));
            case SUBMITTED -> partnerReference.isPresent() ? decided(transferMissing()) : new NoRecordAction.Resubmit();
            case ACCEPTED, SETTLED -> decided(transferMissing());
            case FAILED -> decided(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
        };
    }

    private static NoRecordAction decided(Decision decision) {
        return new NoRecordAction.Decide(decision);
    }

    private static Decision transferMissing() {
        return new Decision.Anomaly(AnomalyKind.TRANSFER_MISSING_AT_PARTNER,
                "the bank has no record of a transfer it confirmed");
    }

    /** The next value after {@code transition}; refuses a transition computed from another state. */
    public Disbursement apply(Decision.Transition transition, Instant at) {
        if (transition.from() != status) {
            throw new IllegalStateException("transition from " + transition.from() + " applied to a disbursement in " + status);
        }
        return new Disbursement(id, request, transition.to(), transition.partnerReference(), transition.failure(),
                createdAt, at);
    }

    private boolean failedAsNotSubmitted() {
        return status == DisbursementStatus.FAILED
                && failure.map(Failure::code).filter(Failure.NOT_SUBMITTED::equals).isPresent();
    }

    private Optional<Decision> contradiction(PartnerEvent event) {
        if (event.amount().isPresent() && !event.amount().get().equals(request.amount())) {
            return Optional.of(new Decision.Anomaly(AnomalyKind.AMOUNT_MISMATCH,
                    "bank reports " + event.amount().get() + ", ours is " + request.amount()));
        }
        if (event.partnerReference().isPresent() && partnerReference.isPresent()
                && !event.partnerReference().equals(partnerReference)) {
            return Optional.of(new Decision.Anomaly(AnomalyKind.PARTNER_REFERENCE_MISMATCH,
                    "bank reports transfer " + event.partnerReference().get() + ", we hold " + partnerReference.get()));
        }
        return Optional.empty();
    }
}
