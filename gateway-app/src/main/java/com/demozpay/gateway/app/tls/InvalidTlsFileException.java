package com.demozpay.gateway.app.tls;

/** A TLS file's content cannot be used; the message says why without quoting it. */
public final class InvalidTlsFileException extends Exception {

    public InvalidTlsFileException(String message) {
        super(message, null, false, false);
    }
}
