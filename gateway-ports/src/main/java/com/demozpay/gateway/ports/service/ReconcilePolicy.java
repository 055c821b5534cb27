package com.demozpay.gateway.ports.service;

import java.time.Duration;

/**
 * When the reconciler looks at a disbursement, and how much it takes on per pass. How long it holds
 * each one is the {@link LeasePolicy}, shared with the submit.
 *
 * @param initiatedAfter an INITIATED disbursement unchanged this long is checked with the bank; long
 *     enough that the caller has stopped retrying it
 * @param inFlightAfter a SUBMITTED or ACCEPTED disbursement unchanged this long is checked with the bank
 * @param batchSize how many disbursements of each state one pass leases at most
 */
public record ReconcilePolicy(Duration initiatedAfter, Duration inFlightAfter, int batchSize) {

    public ReconcilePolicy {
        if (initiatedAfter.isNegative() || inFlightAfter.isNegative()) {
            throw new IllegalArgumentException("reconcile durations must not be negative");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
    }
}
