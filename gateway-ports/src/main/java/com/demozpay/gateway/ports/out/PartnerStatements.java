package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.reconciliation.Statement;
import java.time.LocalDate;

/** The bank's statement of a value date: every transfer it holds for that day, all pages read. */
public interface PartnerStatements {

    /** @throws StatementUnavailableException when no complete, readable statement could be had */
    Statement statementFor(LocalDate day);
}
