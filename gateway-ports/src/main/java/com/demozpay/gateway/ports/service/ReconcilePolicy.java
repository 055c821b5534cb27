package com.demozpay.gateway.ports.service;

import java.time.Duration;

/**
 * When the reconciler looks at a disbursement, and how much it takes on per pass.
 *
 * @param initiatedAfter an INITIATED disbursement unchanged this long is checked with the bank; long
 *     enough that the caller has stopped retrying it
 * @param inFlightAfter a SUBMITTED or ACCEPTED disbursement unchanged this long is checked with the bank
 * @param batchSize how many disbursements of each state one pass claims at most
 * @param claimFor how long a claim keeps other replicas off a disbursement
 */
public record ReconcilePolicy(Duration initiatedAfter, Duration inFlightAfter, int batchSize, Duration claimFor) {

    public ReconcilePolicy {
        if (initiatedAfter.isNegative() || inFlightAfter.isNegative() || claimFor.isNegative() || claimFor.isZero()) {
            throw new IllegalArgumentException("reconcile durations must not be negative, and the claim must last");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
    }
}
