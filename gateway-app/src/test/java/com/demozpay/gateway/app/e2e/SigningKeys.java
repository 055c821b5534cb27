package com.demozpay.gateway.app.e2e;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh shared secrets in the form the contract gives them: {@code whsec_} and base64 of 32 random bytes. */
public final class SigningKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningKeys() {
    }

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
