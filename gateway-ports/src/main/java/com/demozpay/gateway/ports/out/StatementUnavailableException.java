package com.demozpay.gateway.ports.out;

/**
 * The bank's statement could not be had whole: unreachable, an error answer, or a page that breaks the
 * contract. Nothing is concluded from a partial statement.
 */
public final class StatementUnavailableException extends RuntimeException {

    public StatementUnavailableException(String message) {
        super(message);
    }
}
