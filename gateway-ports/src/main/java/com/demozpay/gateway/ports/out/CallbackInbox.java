package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import java.time.Instant;
import java.util.Optional;

/**
 * Every verified callback, kept by the bank's event id. A callback counts as seen only once it has
 * been processed: if the gateway dies between receiving and processing, the bank's retry (same event
 * id) is processed again rather than dropped, so a settlement is never lost.
 */
public interface CallbackInbox {

    /** Records the callback if it is new; says whether it still needs processing. */
    Receipt receive(VerifiedCallback callback, byte[] rawBody, Instant receivedAt);

    /** Marks the callback processed with its outcome and, when it matched one, the disbursement. */
    void markProcessed(String eventId, CallbackOutcome outcome, Optional<DisbursementId> matched, Instant at);

    /** The answer of {@link #receive}. */
    sealed interface Receipt {
        /** New, or received before but never processed: process it now. */
        record ToProcess() implements Receipt {
        }

        /** Processed before, with this outcome: do nothing again. */
        record AlreadyProcessed(CallbackOutcome outcome) implements Receipt {
        }
    }
}
