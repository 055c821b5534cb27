package com.demozpay.gateway.ports.in;

/**
 * A callback that is refused before it touches any state. The message is safe to log: it never
 * contains the body or a signature.
 */
public final class CallbackRejectedException extends RuntimeException {

    public enum Reason {
        /** Missing or bad signature, or a timestamp outside the tolerance. */
        UNAUTHENTICATED,
        /** Correctly signed, but not a callback we can read. */
        MALFORMED
    }

    private final Reason reason;

    public CallbackRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
