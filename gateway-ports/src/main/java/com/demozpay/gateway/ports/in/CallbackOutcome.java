package com.demozpay.gateway.ports.in;

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
    UNMATCHED
}
