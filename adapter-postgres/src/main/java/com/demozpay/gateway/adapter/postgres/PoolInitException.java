package com.demozpay.gateway.adapter.postgres;

import java.util.Objects;

/**
 * The pool could not open its first connection. {@link #reason()} says why in a way the app can act
 * on; the message names the server, database and user but never the password.
 */
public final class PoolInitException extends RuntimeException {

    /** Why the first connection failed. */
    public enum Reason {
        /** No answer from the server: refused, unknown host, timeout, TLS refused, or server starting up. */
        UNREACHABLE,
        /** The server refused the user or password (SQLState class 28). */
        BAD_CREDENTIALS,
        /** The server has no such database (SQLState 3D000). */
        MISSING_DATABASE,
        /** Anything else, such as too many connections. */
        OTHER
    }

    private final Reason reason;

    PoolInitException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
