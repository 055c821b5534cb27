package com.demozpay.gateway.ports.in;

/** No disbursement has the id or idempotency key that was asked for. */
public final class DisbursementNotFoundException extends RuntimeException {

    public DisbursementNotFoundException(StatusQuery.Lookup lookup) {
        super("no disbursement with " + lookup, null, false, false);
    }
}
