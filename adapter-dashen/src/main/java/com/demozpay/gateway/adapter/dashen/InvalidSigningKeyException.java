package com.demozpay.gateway.adapter.dashen;

/** A shared secret that breaks the contract's rule. The message names the rule, never the secret. */
public final class InvalidSigningKeyException extends RuntimeException {

    InvalidSigningKeyException(String rule) {
        super(rule, null, false, false);
    }
}
