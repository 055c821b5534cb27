package com.demozpay.gateway.adapter.dashen.testing;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;

/** Signing keys for tests: the Standard Webhooks spec's published one, and another unrelated one. */
public final class TestKeys {

    public static final String PUBLISHED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String OTHER_SECRET = "whsec_c2Vjb25kLWtleS1mb3ItdGVzdHMtb25seS0wMDAx";

    private TestKeys() {
    }

    public static DashenSigningKey published() {
        return DashenSigningKey.parse(PUBLISHED_SECRET);
    }

    public static DashenSigningKey other() {
        return DashenSigningKey.parse(OTHER_SECRET);
    }
}
