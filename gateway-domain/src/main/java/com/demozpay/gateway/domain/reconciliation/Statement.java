package com.demozpay.gateway.domain.reconciliation;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bank's statement of one value date: every transfer it holds for that day, each reference once.
 * A line of another day, or a reference listed twice, makes the statement unreadable rather than
 * silently half-counted.
 */
public record Statement(LocalDate day, List<StatementLine> lines) {

    public Statement {
        Objects.requireNonNull(day, "day");
        lines = List.copyOf(lines);
        Set<String> seen = new HashSet<>();
        for (StatementLine line : lines) {
            if (!line.valueDate().equals(day)) {
                throw new IllegalArgumentException("reference " + line.reference() + " has value date "
                        + line.valueDate() + ", not " + day);
            }
            if (!seen.add(line.reference())) {
                throw new IllegalArgumentException("reference " + line.reference() + " is listed twice");
            }
        }
    }
}
