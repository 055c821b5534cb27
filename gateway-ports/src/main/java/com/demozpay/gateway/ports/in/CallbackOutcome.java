package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.Decision;

/** What became of a verified callback from the bank. */
public enum CallbackOutcome {
    /** It moved the disbursement. */
    APPLIED,
    /** Its event id was processed before; nothing was done again. */
    DUPLICATE,
    /** It was stale or repeated a state already reached. */
    NO_CHANGE,
    /** It contradicts what we know (amount, final state, transfer id); recorded for a human, state unchanged. */
    ANOMALY,
    /** Its reference matches no disbursement; kept in the inbox for investigation, never re-matched automatically. */
    UNMATCHED;

    /** The outcome of a callback whose event led to {@code decision} on the disbursement it matched. */
    public static CallbackOutcome of(Decision decision) {
        if (decision instanceof Decision.Transition) {
            return APPLIED;
        }
        return decision instanceof Decision.Anomaly ? ANOMALY : NO_CHANGE;
    }
}
