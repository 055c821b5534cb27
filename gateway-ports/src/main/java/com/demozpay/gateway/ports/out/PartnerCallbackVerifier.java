package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.in.RawCallback;

/** Checks a callback's signature over its raw bytes and reads its body, in the bank's own format. */
public interface PartnerCallbackVerifier {

    /**
     * @throws CallbackRejectedException {@code UNAUTHENTICATED} for a missing or bad signature or a
     *     timestamp out of tolerance; {@code MALFORMED} for a signed body that cannot be read
     */
    VerifiedCallback verify(RawCallback callback);
}
