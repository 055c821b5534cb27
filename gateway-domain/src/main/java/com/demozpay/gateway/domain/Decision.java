package com.demozpay.gateway.domain;

import java.util.Objects;
import java.util.Optional;

/** The result of weighing a bank event against a disbursement: move it, leave it, or call a human. */
public sealed interface Decision {

    /** Move {@code from → to}, recording the bank's transfer id and the failure where known. */
    record Transition(
            DisbursementStatus from,
            DisbursementStatus to,
            Optional<PartnerReference> partnerReference,
            Optional<Failure> failure) implements Decision {

        public Transition {
            Objects.requireNonNull(partnerReference, "partnerReference");
            Objects.requireNonNull(failure, "failure");
            if (!from.canMoveTo(to)) {
                throw new IllegalArgumentException("illegal transition " + from + " -> " + to);
            }
            if ((to == DisbursementStatus.FAILED) != failure.isPresent()) {
                throw new IllegalArgumentException("a failure is recorded exactly when moving to FAILED");
            }
        }
    }

    /** Leave the disbursement as it is; nothing is wrong. */
    record NoChange(NoChangeReason reason) implements Decision {
    }

    /** Leave the disbursement as it is and report the event: it contradicts what we know. */
    record Anomaly(AnomalyKind kind, String detail) implements Decision {
    }
}
