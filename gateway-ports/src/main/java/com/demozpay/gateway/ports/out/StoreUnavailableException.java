package com.demozpay.gateway.ports.out;

/**
 * The gateway's own database could not be reached or did not answer. Each store operation is one
 * transaction, but when the connection is lost during a commit the outcome may be unknown: the change
 * may or may not have landed. Retrying is safe because every change is compare-and-set or idempotent.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
