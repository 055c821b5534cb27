package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A statement delivered out of band as a CSV file (docs/dashen.md, "Statement file"): UTF-8, the header
 * {@value #HEADER}, then one transfer per line with the same fields and rules as the API's statement; no
 * quoting (no field may hold a comma or a quote). The whole file is read or none of it: the first bad
 * line is reported by number and field, never by value.
 */
public final class DashenStatementFile {

    public static final String HEADER = "reference,transferId,amount,currency,status,valueDate,failureCode";
    private static final int COLUMNS = 7;

    private DashenStatementFile() {
    }

    /** A statement file that cannot be used; the message names the line and the rule. */
    public static final class InvalidStatementFileException extends Exception {
        public InvalidStatementFileException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code file} as the statement of {@code day}, or, without a day, of the one value date all
     * its lines share. Lines of other days than {@code day} are refused, not skipped.
     */
    public static Statement read(Path file, Optional<LocalDate> day) throws InvalidStatementFileException {
        List<StatementLine> lines = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String header = reader.readLine();
            if (header == null || !strip(header).equals(HEADER)) {
                throw new InvalidStatementFileException("line 1: the header must be " + HEADER);
            }
            int number = 1;
            for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
                number++;
                String text = strip(raw);
                if (!text.isEmpty()) {
                    lines.add(parse(number, text));
                }
            }
        } catch (CharacterCodingException e) {
            throw new InvalidStatementFileException("the file is not UTF-8");
        } catch (IOException e) {
            throw new InvalidStatementFileException("cannot read " + file + ": " + e.getMessage());
        }
        LocalDate statementDay = day.orElseGet(() -> onlyDay(lines));
        if (statementDay == null) {
            throw new InvalidStatementFileException(lines.isEmpty()
                    ? "the file lists no transfer: give the day with --date"
                    : "the file holds several value dates " + new TreeSet<>(lines.stream().map(StatementLine::valueDate)
                            .toList()) + ": give the day with --date");
        }
        try {
            return new Statement(statementDay, lines);
        } catch (IllegalArgumentException e) {
            throw new InvalidStatementFileException(e.getMessage());
        }
    }

    private static StatementLine parse(int number, String text) throws InvalidStatementFileException {
        if (text.indexOf('"') >= 0) {
            throw new InvalidStatementFileException("line " + number + ": quotes are not allowed");
        }
        String[] f = text.split(",", -1);
        if (f.length != COLUMNS) {
            throw new InvalidStatementFileException("line " + number + ": expected " + COLUMNS + " fields, found "
                    + f.length);
        }
        try {
            return DashenStatementLines.line(f[0], f[1], f[2], f[3], f[4], f[5], Optional.of(f[6]));
        } catch (MalformedTransferException e) {
            throw new InvalidStatementFileException("line " + number + ": " + e.getMessage());
        }
    }

    private static LocalDate onlyDay(List<StatementLine> lines) {
        List<LocalDate> days = lines.stream().map(StatementLine::valueDate).distinct().toList();
        return days.size() == 1 ? days.get(0) : null;
    }

    private static String strip(String line) {
        String withoutBom = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return withoutBom.endsWith("\r") ? withoutBom.substring(0, withoutBom.length() - 1) : withoutBom;
    }
}
