package com.demozpay.gateway.adapter.postgres;

/**
 * The database URL cannot be used. The message names the problem and never repeats any part of the
 * URL that could hold the password.
 */
public final class InvalidDatabaseUrlException extends IllegalArgumentException {

    InvalidDatabaseUrlException(String problem) {
        super("database URL " + problem);
    }
}
