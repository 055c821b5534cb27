package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.domain.reconciliation.UnmatchedCallback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Our side of a statement reconciliation, and its record: what we hold for a day, the callbacks we
 * could not match, each run with its items, and the one-run-per-day claim of the daily schedule.
 */
public interface ReconciliationStore {

    /** Disbursements created on {@code day} (UTC) and transfers recovered from that day's statement. */
    List<HeldTransfer> heldOn(LocalDate day);

    /** What we hold under these references; a reference that is not a disbursement id matches nothing. */
    List<HeldTransfer> heldAmong(Collection<String> references);

    /** Unmatched callbacks received on {@code day} (UTC) for references we still do not hold. */
    List<UnmatchedCallback> unmatchedCallbacksOn(LocalDate day);

    /** Stores a finished run and its items; returns the run's id. */
    long save(Reconciliation reconciliation, String statementSource, Instant startedAt, Instant finishedAt);

    /**
     * Claims the scheduled run of {@code day} for this replica: true for exactly one caller per day,
     * whichever replica asks first; a run that failed may be claimed again after {@code retryAfter}.
     */
    boolean claimScheduledRun(LocalDate day, Instant now, Duration retryAfter);

    /**
     * Gives up this replica's claim of {@code day} (the one taken at {@code claimedAt}) after its run
     * failed, so that the day is tried again soon, here or elsewhere, rather than after the claim goes stale.
     */
    void releaseScheduledRun(LocalDate day, Instant claimedAt);

    /** Records that the claimed scheduled run of {@code day} finished as run {@code runId}. */
    void finishScheduledRun(LocalDate day, long runId);

    /** Items per class of the latest stored run (every class present), or empty when none ran. */
    Map<ReconciliationClass, Integer> latestCounts();
}
