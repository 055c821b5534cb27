package com.demozpay.gateway.domain;

/** Business limits that are configuration rather than law: today only the largest single payout. */
public record DisbursementLimits(long maxAmountMinor) {

    public DisbursementLimits {
        if (maxAmountMinor <= 0) {
            throw new IllegalArgumentException("maximum amount must be greater than 0");
        }
    }
}
