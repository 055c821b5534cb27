package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.fasterxml.jackson.core.JsonFactory;
import java.util.Optional;

/**
 * Reads the bank's answers into the port's outcomes, by what they prove. Only a readable 2xx is
 * "the bank has it" and only 422 is "definitely refused"; anything else (401, 429, 5xx, an unexpected
 * status, an unreadable body, a body about another reference) proves nothing, so a submit is
 * {@code Unknown} and a lookup {@code Unavailable}. A 409 REFERENCE_CONFLICT is {@code Unknown} too:
 * the bank holds a transfer under our reference that it may be paying, and we never call failed what
 * the bank may be paying; the reconciler's lookup finds what it really holds.
 * A 404 is "never received" only with the contract's {@code NOT_FOUND} code, so that a wrong base
 * path is not read as the bank having no record.
 */
final class DashenAnswers {

    static final int BAD_SIGNATURE = 401;
    static final String REFERENCE_CONFLICT = "REFERENCE_CONFLICT";

    /** A submit's outcome as read from the bank's answer; a 409 REFERENCE_CONFLICT is told apart by its type. */
    sealed interface SubmitReading {
        PartnerOutcome outcome();

        /** Any answer but a reference conflict. */
        record Answer(PartnerOutcome outcome) implements SubmitReading {
        }

        /** The bank holds our reference with other content: {@code Unknown}, and a bug of ours to report. */
        record ReferenceConflict(PartnerOutcome.Unknown outcome) implements SubmitReading {
        }
    }

    private final JsonFactory jsonFactory;

    DashenAnswers(JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
    }

    SubmitReading readSubmit(DisbursementId reference, DashenReply reply) {
        if (reply instanceof DashenReply.Answered answered && answered.status() == 409) {
            Optional<PartnerOutcome.Unknown> conflict = referenceConflict(answered.body());
            if (conflict.isPresent()) {
                return new SubmitReading.ReferenceConflict(conflict.get());
            }
        }
        return new SubmitReading.Answer(submitOutcome(reference, reply));
    }

    private PartnerOutcome submitOutcome(DisbursementId reference, DashenReply reply) {
        if (reply instanceof DashenReply.NotSent notSent) {
            return new PartnerOutcome.NotReceived(notSent.cause());
        }
        if (reply instanceof DashenReply.MaybeSent maybeSent) {
            return new PartnerOutcome.Unknown(maybeSent.cause());
        }
        DashenReply.Answered answered = (DashenReply.Answered) reply;
        int status = answered.status();
        try {
            if (status == 200 || status == 202) {
                DashenTransferJson json = readFor(reference, answered);
                return new PartnerOutcome.Accepted(json.event(json.status(), json.transferId(), null));
            }
            if (status == 422) {
                return new PartnerOutcome.Rejected(rejection(answered.body()));
            }
        } catch (MalformedTransferException e) {
            return new PartnerOutcome.Unknown("unreadable HTTP " + status + " answer: " + e.getMessage());
        }
        return new PartnerOutcome.Unknown(unexpected(status));
    }

    /** A 409 with the contract's REFERENCE_CONFLICT code; any other 409 proves nothing (an unexpected status). */
    private Optional<PartnerOutcome.Unknown> referenceConflict(byte[] body) {
        try {
            DashenTransferJson json = DashenTransferJson.parse(jsonFactory, body);
            if (json.optionalText("code").filter(REFERENCE_CONFLICT::equals).isPresent()) {
                return Optional.of(new PartnerOutcome.Unknown(REFERENCE_CONFLICT + ": " + json.optionalText("message")
                        .orElse("the bank holds this reference with other content")));
            }
        } catch (MalformedTransferException e) {
            // an unreadable 409 is read as any unexpected status
        }
        return Optional.empty();
    }

    TransferLookup lookupOutcome(DisbursementId reference, DashenReply reply) {
        if (reply instanceof DashenReply.Failed failed) {
            return new TransferLookup.Unavailable(failed.cause());
        }
        DashenReply.Answered answered = (DashenReply.Answered) reply;
        int status = answered.status();
        try {
            if (status == 200) {
                DashenTransferJson json = readFor(reference, answered);
                return new TransferLookup.Found(json.event(json.status(), json.transferId(), json.money()));
            }
            if (status == 404 && DashenTransferJson.parse(jsonFactory, answered.body()).optionalText("code")
                    .filter("NOT_FOUND"::equals).isPresent()) {
                return new TransferLookup.NotFound();
            }
        } catch (MalformedTransferException e) {
            return new TransferLookup.Unavailable("unreadable HTTP " + status + " answer: " + e.getMessage());
        }
        return new TransferLookup.Unavailable(unexpected(status));
    }

    private DashenTransferJson readFor(DisbursementId reference, DashenReply.Answered answered)
            throws MalformedTransferException {
        DashenTransferJson json = DashenTransferJson.parse(jsonFactory, answered.body());
        if (!reference.toString().equals(json.requiredText("reference"))) {
            throw new MalformedTransferException("reference is not the one asked about");
        }
        return json;
    }

    /**
     * A 422 is a definite refusal whatever its body says: the bank's code and message when it gave
     * them, else our default code (so the transfer still ends instead of being re-sent forever).
     */
    private Failure rejection(byte[] body) {
        try {
            DashenTransferJson json = DashenTransferJson.parse(jsonFactory, body);
            String code = json.optionalText("code").filter(c -> !c.isBlank()).orElse(DashenTransferJson.UNSPECIFIED_FAILURE);
            return new Failure(code, json.optionalText("message").orElse(""));
        } catch (MalformedTransferException e) {
            return new Failure(DashenTransferJson.UNSPECIFIED_FAILURE, "unreadable HTTP 422 answer: " + e.getMessage());
        }
    }

    private static String unexpected(int status) {
        return status == BAD_SIGNATURE ? "the bank rejected our signature (HTTP 401)" : "HTTP " + status;
    }
}
