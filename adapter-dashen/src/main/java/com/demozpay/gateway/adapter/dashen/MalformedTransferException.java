package com.demozpay.gateway.adapter.dashen;

/** A bank answer or callback body that does not say what the contract says it must. Names the field, never its value. */
final class MalformedTransferException extends Exception {

    MalformedTransferException(String message) {
        super(message, null, false, false);
    }
}
