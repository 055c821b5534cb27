package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.domain.reconciliation.Statement;
import java.time.LocalDate;
import java.util.List;

/**
 * After our database was restored from an older copy: recreates, from the bank's statement, every
 * transfer the bank holds under one of our ids that we no longer hold, pending review, so that a
 * caller's retry with the same key finds it instead of paying again. Running it twice changes nothing.
 */
public interface RecoverFromStatementUseCase {

    /** Fetches the day's statement from the bank, then recovers from it. */
    RecoveryReport recoverWithBank(LocalDate day);

    /** Recovers from a statement delivered out of band (a file). */
    RecoveryReport recover(Statement statement);

    /**
     * What a recovery did: the lines read, the transfers recreated, how many we already held, and the
     * references that are not ours (not a disbursement id: left to reconciliation, never recreated).
     */
    record RecoveryReport(LocalDate day, int lines, List<RecoveredTransfer> recovered, int alreadyHeld,
            List<String> notOurs) {
        public RecoveryReport {
            recovered = List.copyOf(recovered);
            notOurs = List.copyOf(notOurs);
        }
    }
}
