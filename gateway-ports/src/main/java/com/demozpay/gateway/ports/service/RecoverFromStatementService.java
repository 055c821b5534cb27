package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.ports.in.RecoverFromStatementUseCase;
import com.demozpay.gateway.ports.out.PartnerStatements;
import com.demozpay.gateway.ports.out.RecoveryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recreates, from the bank's statement, the transfers under our ids that we no longer hold. */
public final class RecoverFromStatementService implements RecoverFromStatementUseCase {

    private final PartnerStatements statements;
    private final RecoveryStore store;
    private final Clock clock;

    public RecoverFromStatementService(PartnerStatements statements, RecoveryStore store, Clock clock) {
        this.statements = statements;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public RecoveryReport recoverWithBank(LocalDate day) {
        return recover(statements.statementFor(day));
    }

    @Override
    public RecoveryReport recover(Statement statement) {
        Instant now = clock.instant();
        List<RecoveredTransfer> candidates = new ArrayList<>();
        List<String> notOurs = new ArrayList<>();
        for (StatementLine line : statement.lines()) {
            Optional<RecoveredTransfer> candidate = RecoveredTransfer.from(line, now);
            candidate.ifPresentOrElse(candidates::add, () -> notOurs.add(line.reference()));
        }
        List<RecoveredTransfer> recovered = store.recordMissing(candidates);
        return new RecoveryReport(statement.day(), statement.lines().size(), recovered,
                candidates.size() - recovered.size(), notOurs);
    }
}
