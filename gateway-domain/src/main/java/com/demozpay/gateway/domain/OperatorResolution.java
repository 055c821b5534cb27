package com.demozpay.gateway.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator's request to end a disbursement by hand ({@code SETTLED} or {@code FAILED}), who asks and
 * why, and the rules that say whether it may be done. The bank is the authority on money: an operator
 * may not contradict its answer (or act while it cannot answer) unless they give an override with its own
 * reason, and a final state moves only to settle a recorded anomaly, and then only where the bank
 * confirms the new state (an override is never enough there: a final state is what the platform has
 * already acted on).
 */
public record OperatorResolution(DisbursementStatus target, String operator, String reason, Optional<String> override) {

    /** Our failure code for a disbursement an operator ended FAILED without a failure from the bank. */
    public static final String RESOLVED_FAILED = "RESOLVED_BY_OPERATOR";

    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final int MAX_REASON = 500;

    /** @throws InvalidRequestException naming every field that breaks a rule */
    public OperatorResolution {
        Objects.requireNonNull(override, "override");
        List<InvalidRequestException.Violation> violations = new ArrayList<>();
        if (target == null || !target.isFinal()) {
            violations.add(new InvalidRequestException.Violation("to", "must be SETTLED or FAILED"));
        }
        if (operator == null || !OPERATOR.matcher(operator).matches()) {
            violations.add(new InvalidRequestException.Violation("operator",
                    "must be 1 to 64 letters, digits or . _ @ -"));
        }
        checkText("reason", reason, violations);
        override.ifPresent(text -> checkText("override", text, violations));
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private static void checkText(String field, String text, List<InvalidRequestException.Violation> violations) {
        if (text == null || text.isBlank() || text.length() > MAX_REASON
                || text.chars().anyMatch(Character::isISOControl)) {
            violations.add(new InvalidRequestException.Violation(field,
                    "must be 1 to " + MAX_REASON + " characters of text, without control characters"));
        }
    }

    /**
     * Weighs this request against the disbursement as it stands, what the bank just said and whether an
     * anomaly on it is recorded and not yet resolved.
     */
    public Outcome decide(Disbursement disbursement, BankAnswer bank, boolean anomalyRecorded) {
        if (disbursement.status() == target) {
            return new Outcome.Refused(Refusal.ALREADY_IN_STATE, "the disbursement is already " + target);
        }
        Verdict verdict = verdictOf(disbursement, bank);
        if (disbursement.status().isFinal()) {
            if (!anomalyRecorded) {
                return new Outcome.Refused(Refusal.FINAL_STATE, "the disbursement is " + disbursement.status()
                        + ", a final state; only a recorded anomaly may be resolved");
            }
            if (verdict != Verdict.AGREES) {
                return new Outcome.Refused(Refusal.FINAL_STATE_NEEDS_BANK, "moving a final state needs the bank to"
                        + " report " + target + "; it answered " + bank.describe() + " (an override is not enough)");
            }
            return move(disbursement, bank, false);
        }
        return switch (verdict) {
            case AGREES -> move(disbursement, bank, false);
            case CONTRADICTS -> override.isPresent() ? move(disbursement, bank, true)
                    : new Outcome.Refused(Refusal.CONTRADICTS_BANK, "the bank answered " + bank.describe()
                            + ", which does not confirm " + target + "; give --override with a reason to act anyway");
            case NO_ANSWER -> override.isPresent() ? move(disbursement, bank, true)
                    : new Outcome.Refused(Refusal.BANK_UNAVAILABLE, "the bank could not be asked (" + bank.describe()
                            + "); try again, or give --override with a reason to act without it");
        };
    }

    private enum Verdict { AGREES, CONTRADICTS, NO_ANSWER }

    private Verdict verdictOf(Disbursement disbursement, BankAnswer bank) {
        if (bank instanceof BankAnswer.Reports reports) {
            PartnerEvent event = reports.event();
            boolean sameAmount = event.amount().map(disbursement.request().amount()::equals).orElse(true);
            return event.status() == target && sameAmount ? Verdict.AGREES : Verdict.CONTRADICTS;
        }
        if (bank instanceof BankAnswer.NoRecord) {
            // No record confirms a failure only for a transfer the bank never acknowledged: one it gave a
            // transfer id for may have been paid and then lost from its records.
            return target == DisbursementStatus.FAILED && disbursement.partnerReference().isEmpty()
                    ? Verdict.AGREES : Verdict.CONTRADICTS;
        }
        return Verdict.NO_ANSWER;
    }

    private Outcome move(Disbursement disbursement, BankAnswer bank, boolean overridden) {
        Optional<PartnerEvent> reported = bank instanceof BankAnswer.Reports reports
                ? Optional.of(reports.event()) : Optional.empty();
        Optional<PartnerReference> partnerReference = reported.flatMap(PartnerEvent::partnerReference)
                .or(disbursement::partnerReference);
        Optional<Failure> failure = target == DisbursementStatus.FAILED
                ? Optional.of(reported.flatMap(PartnerEvent::failure).orElse(new Failure(RESOLVED_FAILED, reason)))
                : Optional.empty();
        return new Outcome.Move(disbursement.status(), target, partnerReference, failure, overridden);
    }

    /** Why a resolution was refused; each is one documented exit code of {@code gateway resolve}. */
    public enum Refusal {
        /** The disbursement is already in the requested state. */
        ALREADY_IN_STATE,
        /** The disbursement is final and carries no unresolved anomaly. */
        FINAL_STATE,
        /** The disbursement is final with an anomaly, but the bank does not report the requested state. */
        FINAL_STATE_NEEDS_BANK,
        /** The bank's answer does not confirm the requested state, and no override was given. */
        CONTRADICTS_BANK,
        /** The bank could not be asked, and no override was given. */
        BANK_UNAVAILABLE,
        /**
         * Settling it would give its product reference a second live disbursement: the platform has paid
         * the request again, and the money may have gone out twice. Found by the store, not by
         * {@link #decide}: a matter for finance, never for an override.
         */
        PRODUCT_REFERENCE_IN_USE
    }

    /** What the rules allow. */
    public sealed interface Outcome {

        /**
         * Move {@code from → to}, recording this transfer id and failure (exactly when moving to FAILED);
         * {@code overridden} when the bank's answer did not confirm it.
         */
        record Move(DisbursementStatus from, DisbursementStatus to, Optional<PartnerReference> partnerReference,
                Optional<Failure> failure, boolean overridden) implements Outcome {
            public Move {
                Objects.requireNonNull(from, "from");
                Objects.requireNonNull(to, "to");
                Objects.requireNonNull(partnerReference, "partnerReference");
                Objects.requireNonNull(failure, "failure");
                if (from == to || !to.isFinal()) {
                    throw new IllegalArgumentException("an operator moves a disbursement to another final state");
                }
                if ((to == DisbursementStatus.FAILED) != failure.isPresent()) {
                    throw new IllegalArgumentException("a failure is recorded exactly when moving to FAILED");
                }
            }

            /** The disbursement after this move; refuses one that is no longer in {@code from}. */
            public Disbursement applyTo(Disbursement current, Instant at) {
                if (current.status() != from) {
                    throw new IllegalStateException("resolution from " + from + " applied to a disbursement in "
                            + current.status());
                }
                return new Disbursement(current.id(), current.request(), to, partnerReference, failure,
                        current.createdAt(), at);
            }
        }

        /** Nothing may change, for this reason. */
        record Refused(Refusal refusal, String detail) implements Outcome {
        }
    }
}
