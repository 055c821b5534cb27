package com.demozpay.gateway.domain;

/**
 * What to do when the bank answers that it has no record of a disbursement's transfer: the one result of
 * {@link Disbursement#whenPartnerHasNoRecord}.
 */
public sealed interface NoRecordAction {

    /** The decision to record now. */
    Decision decision();

    /**
     * The outcome of our submit was unknown and the bank never got it: send it again under the same
     * reference (the bank de-duplicates by reference, so this can never pay twice). Until the answer to
     * that submit is decided, the disbursement stays as it is.
     */
    record Resubmit() implements NoRecordAction {
        @Override
        public Decision decision() {
            return new Decision.NoChange(NoChangeReason.NOT_RECEIVED);
        }
    }

    /** Record this: FAILED {@code NOT_SUBMITTED}, an anomaly, or no change. */
    record Decide(Decision decision) implements NoRecordAction {
    }
}
