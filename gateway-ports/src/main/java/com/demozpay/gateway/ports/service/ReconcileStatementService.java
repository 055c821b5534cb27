package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.domain.reconciliation.StatementReconciliation;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase;
import com.demozpay.gateway.ports.out.PartnerStatements;
import com.demozpay.gateway.ports.out.ReconciliationStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers our side of a day (its disbursements, recovered transfers, unmatched callbacks, and whatever
 * the statement names from other days), lets {@link StatementReconciliation} classify, and stores the run.
 */
public final class ReconcileStatementService implements ReconcileStatementUseCase {

    private final PartnerStatements statements;
    private final ReconciliationStore store;
    private final Clock clock;

    public ReconcileStatementService(PartnerStatements statements, ReconciliationStore store, Clock clock) {
        this.statements = statements;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public StoredReconciliation reconcileWithBank(LocalDate day, Origin origin) {
        return reconcile(statements.statementFor(day), origin);
    }

    @Override
    public StoredReconciliation reconcile(Statement statement, Origin origin) {
        Instant started = clock.instant();
        // A transfer created late one day may carry the next value date: the statement's references
        // are looked up whatever day we created them.
        List<HeldTransfer> held = new ArrayList<>(store.heldOn(statement.day()));
        held.addAll(store.heldAmong(statement.lines().stream().map(StatementLine::reference).toList()));
        Reconciliation reconciliation = StatementReconciliation.reconcile(statement, held,
                store.unmatchedCallbacksOn(statement.day()));
        long runId = store.save(reconciliation, origin.label(), started, clock.instant());
        return new StoredReconciliation(runId, reconciliation);
    }
}
