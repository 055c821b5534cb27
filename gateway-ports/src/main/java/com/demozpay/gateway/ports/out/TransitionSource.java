package com.demozpay.gateway.ports.out;

/** Who caused a state change, as written to the transition log. */
public enum TransitionSource {
    /** The platform's API, through initiation. */
    API,
    /** A verified callback from the bank. */
    WEBHOOK,
    /** A status query asked for by a caller of GetStatus. */
    POLL,
    /** The background reconciler. */
    RECONCILER,
    /** An operator, through {@code gateway resolve}; the log row also names who, why and what the bank said. */
    OPERATOR;

    /** The lower-case name used in the log table, metrics and log lines. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
