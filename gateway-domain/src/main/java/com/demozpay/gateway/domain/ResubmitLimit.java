package com.demozpay.gateway.domain;

/**
 * How many times a SUBMITTED disbursement the bank has no record of is sent again. A resend that keeps
 * getting no usable answer (400, 401, 409, 5xx) would otherwise go on forever, hiding a problem only a
 * human can solve (our key, our request, the bank's state).
 *
 * @param maxAttempts resends allowed; the last one without a usable answer is an anomaly, and nothing
 *     is sent after it
 */
public record ResubmitLimit(int maxAttempts) {

    public ResubmitLimit {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one resubmit must be allowed");
        }
    }
}
