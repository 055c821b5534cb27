package com.demozpay.gateway.ports.out;

/**
 * The gateway's own database could not be reached or did not answer. Nothing was changed that the
 * caller can see as half-done: each store operation is one transaction.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
