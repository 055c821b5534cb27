package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.ResubmitLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * When the reconciler looks at a disbursement, and how much it takes on per pass.
 *
 * @param initiatedAfter an INITIATED disbursement unchanged this long is checked with the bank; long
 *     enough that the caller has stopped retrying it
 * @param inFlightAfter a SUBMITTED or ACCEPTED disbursement unchanged this long is checked with the bank
 * @param batchSize how many disbursements of each state one pass claims at most
 * @param claimFor how long a claim keeps other replicas off a disbursement
 * @param callBudget how long a call to the bank can take, with a margin: a claimed disbursement is
 *     only worked on while at least this much of its claim is left, so work never goes on past the claim
 * @param resubmitLimit how often a SUBMITTED disbursement the bank has no record of is sent again
 */
public record ReconcilePolicy(Duration initiatedAfter, Duration inFlightAfter, int batchSize, Duration claimFor,
        Duration callBudget, ResubmitLimit resubmitLimit) {

    public ReconcilePolicy {
        if (initiatedAfter.isNegative() || inFlightAfter.isNegative() || claimFor.isNegative() || claimFor.isZero()) {
            throw new IllegalArgumentException("reconcile durations must not be negative, and the claim must last");
        }
        if (callBudget.isNegative() || callBudget.compareTo(claimFor) >= 0) {
            throw new IllegalArgumentException("the claim must last longer than a call to the bank");
        }
        Objects.requireNonNull(resubmitLimit, "resubmitLimit");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
    }
}
