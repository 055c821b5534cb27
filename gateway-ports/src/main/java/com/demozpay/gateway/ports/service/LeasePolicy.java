package com.demozpay.gateway.ports.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a lease on a disbursement lasts, and how much of it a call to the bank needs: one policy for
 * the submit and the reconciler, which take the same lease. Work under a lease goes on only while at
 * least {@code callBudget} of it is left, so nobody acts on the bank's answer after the lease could have
 * passed to someone else.
 *
 * @param duration how long a lease keeps everyone else off the disbursement
 * @param callBudget the longest a call to the bank can take, with a margin for the store writes around it;
 *     shorter than {@code duration}, or a leaseholder could never call the bank
 */
public record LeasePolicy(Duration duration, Duration callBudget) {

    /** Room for the store writes around a call to the bank (recording its answer), on top of the call itself. */
    public static final Duration STORE_MARGIN = Duration.ofSeconds(5);

    /**
     * A lease of {@code duration} for calls to the bank that give up after {@code longestCall} (a client's
     * connect plus request timeouts): the call budget is that plus {@link #STORE_MARGIN}.
     */
    public static LeasePolicy forCallsOf(Duration duration, Duration longestCall) {
        return new LeasePolicy(duration, longestCall.plus(STORE_MARGIN));
    }

    public LeasePolicy {
        if (callBudget.isNegative() || callBudget.isZero()) {
            throw new IllegalArgumentException("a call to the bank takes some time: the call budget must be positive");
        }
        if (duration.compareTo(callBudget) <= 0) {
            throw new IllegalArgumentException("the lease (" + duration + ") must outlast a call to the bank ("
                    + callBudget + ")");
        }
    }

    /**
     * Whether a lease taken at {@code takenAt} (read on this replica's clock before asking for it) still
     * has a whole call to the bank left at {@code now}. The store times the lease on its own clock, from a
     * moment after {@code takenAt}, so the lease lasts at least this long whatever the clocks' skew.
     */
    public boolean lastsACall(Instant takenAt, Instant now) {
        return !now.plus(callBudget).isAfter(takenAt.plus(duration));
    }
}
