package com.demozpay.gateway.adapter.dashen;

/**
 * The Dashen adapter cannot be built from its settings (for example a base URL that is not an
 * absolute http or https URL). The app logs it as {@code partner adapter init failed} and stops.
 * The message names the setting and the rule, never a secret.
 */
public final class PartnerAdapterInitException extends RuntimeException {

    public PartnerAdapterInitException(String message) {
        super(message, null, false, false);
    }
}
