package com.demozpay.gateway.app.statement;

import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase.StoredReconciliation;
import com.demozpay.gateway.ports.out.ReconciliationStore;
import com.demozpay.gateway.ports.out.StatementUnavailableException;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own daily reconciliation: from {@code at} (UTC) on, yesterday's statement is reconciled
 * once, by whichever replica claims the day first ({@link ReconciliationStore#claimScheduledRun}). A run
 * that fails (the bank, the database) gives its claim back and the day is tried again a minute later,
 * here or on another replica; a claim whose replica died goes stale and is taken over after
 * {@link #RETRY_AFTER}. {@link #tick} is called every few seconds; it does nothing
 * before the time, nor once this replica saw the day finished.
 */
public final class DailyStatementReconciliation {

    private static final Logger log = LoggerFactory.getLogger(DailyStatementReconciliation.class);
    /** How long a claimed day waits for its run before another replica may take it over. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(30);
    /** How long this replica waits after a claim went elsewhere before asking again. */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(1);

    private final LocalTime at;
    private final ReconcileStatementUseCase reconcile;
    private final ReconciliationStore store;
    private final Clock clock;
    private LocalDate finished;
    private Instant quietUntil = Instant.MIN;

    public DailyStatementReconciliation(LocalTime at, ReconcileStatementUseCase reconcile, ReconciliationStore store,
            Clock clock) {
        this.at = at;
        this.reconcile = reconcile;
        this.store = store;
        this.clock = clock;
    }

    /** Runs yesterday's reconciliation if it is due, not finished, and this replica claims it. */
    public synchronized void tick() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate day = today.minusDays(1);
        if (now.isBefore(today.atTime(at).toInstant(ZoneOffset.UTC)) || day.equals(finished) || now.isBefore(quietUntil)) {
            return;
        }
        try {
            if (!store.claimScheduledRun(day, now, RETRY_AFTER)) {
                quietUntil = now.plus(ASK_AGAIN_AFTER);
                return;
            }
        } catch (StoreUnavailableException e) {
            quietUntil = now.plus(ASK_AGAIN_AFTER);
            return;
        }
        try {
            StoredReconciliation run = reconcile.reconcileWithBank(day, ReconcileStatementUseCase.Origin.SCHEDULE);
            store.finishScheduledRun(day, run.runId());
            finished = day;
            Reconciliation result = run.reconciliation();
            (result.hasDiscrepancies() ? log.atWarn() : log.atInfo()).setMessage("statement reconciled")
                    .addKeyValue("statement_date", day)
                    .addKeyValue("run_id", run.runId())
                    .addKeyValue("items", result.items().size())
                    .addKeyValue("discrepancies", result.discrepancyCount())
                    .log();
        } catch (StatementUnavailableException | StoreUnavailableException e) {
            quietUntil = now.plus(ASK_AGAIN_AFTER);
            log.atError().setMessage("statement reconciliation failed").addKeyValue("statement_date", day)
                    .addKeyValue("err", e.getMessage()).log();
            releaseQuietly(day, now);
        }
    }

    /** A release that fails leaves the claim to go stale: the day is then tried after {@link #RETRY_AFTER}. */
    private void releaseQuietly(LocalDate day, Instant claimedAt) {
        try {
            store.releaseScheduledRun(day, claimedAt);
        } catch (StoreUnavailableException e) {
            // the claim goes stale instead
        }
    }
}
