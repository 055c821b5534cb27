package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.Statement;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

/**
 * Reconciles the bank's statement of a day with our books: classifies every line, every transfer we hold
 * for the day and every unmatched callback, and stores the run with its items.
 */
public interface ReconcileStatementUseCase {

    /** Fetches the day's statement from the bank, then reconciles it. */
    StoredReconciliation reconcileWithBank(LocalDate day, Origin origin);

    /** Reconciles a statement delivered out of band (a file). */
    StoredReconciliation reconcile(Statement statement, Origin origin);

    /** Where a run came from, as stored with it. */
    enum Origin {
        /** {@code reconcile --date}: the statement fetched from the bank. */
        BANK,
        /** {@code reconcile --file}: a statement file delivered out of band. */
        FILE,
        /** The gateway's own daily run. */
        SCHEDULE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A stored run: its id and what it found. */
    record StoredReconciliation(long runId, Reconciliation reconciliation) {
        public StoredReconciliation {
            Objects.requireNonNull(reconciliation, "reconciliation");
        }
    }
}
