package com.demozpay.gateway.domain;

/** A request the domain refuses. Each subtype is mapped to the wire in one place per adapter. */
public abstract sealed class DisbursementException extends RuntimeException
        permits InvalidRequestException, IdempotencyConflictException, ProductReferenceInUseException {

    DisbursementException(String message) {
        super(message, null, false, false);
    }
}
