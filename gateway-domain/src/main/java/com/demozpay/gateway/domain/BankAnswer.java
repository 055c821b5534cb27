package com.demozpay.gateway.domain;

import java.util.Objects;

/**
 * What the bank said when asked about one transfer just before an operator acts on it: it reports the
 * transfer, it has no record of it, or it could not be asked. The resolution rules weigh it; the
 * transition log keeps {@link #describe()} as evidence.
 */
public sealed interface BankAnswer {

    /** A short, stable description for the audit trail and the operator's screen; never an account number. */
    String describe();

    /** The bank has the transfer and reports this. */
    record Reports(PartnerEvent event) implements BankAnswer {
        public Reports {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String describe() {
            return event.status()
                    + event.partnerReference().map(reference -> " transfer " + reference).orElse("")
                    + event.amount().map(amount -> " amount " + amount.amountMinor() + " " + amount.currency()).orElse("")
                    + event.failure().map(failure -> " failure " + failure.code()).orElse("");
        }
    }

    /** The bank has no record of this reference. */
    record NoRecord() implements BankAnswer {
        @Override
        public String describe() {
            return "NO_RECORD";
        }
    }

    /** No usable answer (unreachable, timeout, 5xx): nothing can be concluded from it. */
    record Unavailable(String cause) implements BankAnswer {
        public Unavailable {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String describe() {
            return "UNAVAILABLE " + cause;
        }
    }
}
