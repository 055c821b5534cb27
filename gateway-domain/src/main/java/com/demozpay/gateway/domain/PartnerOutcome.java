package com.demozpay.gateway.domain;

import java.util.Objects;

/**
 * How a submit to the bank ended, classified by what we know for certain. Only {@link Rejected} is a
 * definite "no"; {@link Unknown} is never treated as a failure, because the bank may have the money
 * moving already.
 */
public sealed interface PartnerOutcome {

    /** The bank has the transfer (pending or accepted). */
    record Accepted(PartnerEvent event) implements PartnerOutcome {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The bank definitely refused the transfer, with its code (for example INVALID_ACCOUNT). */
    record Rejected(Failure failure) implements PartnerOutcome {
        public Rejected {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** The request definitely never reached the bank (connection refused, unknown host). */
    record NotReceived(String cause) implements PartnerOutcome {
    }

    /** The request may have reached the bank (timeout, 429, 5xx, reset after sending). */
    record Unknown(String cause) implements PartnerOutcome {
    }
}
