package com.demozpay.gateway.chaos;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.sandbox.SandboxProcess;
import com.demozpay.gateway.sandbox.SandboxProcess.LedgerEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Both sets of books at one moment: the gateway's disbursement rows and the anomalies it raised (read
 * straight from PostgreSQL, not through the proxy), and the bank's transfers (its {@code ledger}).
 */
record Books(List<Row> rows, List<LedgerEntry> transfers, List<String> anomalies) {

    /** One disbursement row, as an auditor reads it. */
    record Row(String id, String idempotencyKey, String productReference, String account, String status,
            String failureCode) {
        boolean isFinal() {
            return "SETTLED".equals(status) || "FAILED".equals(status);
        }
    }

    static Books read(TestDatabase database, SandboxProcess bank) {
        return new Books(rows(database), bank.ledger(), anomalies(database));
    }

    Map<String, Row> rowsById() {
        return rows.stream().collect(Collectors.toMap(Row::id, Function.identity()));
    }

    Map<String, LedgerEntry> transfersByReference() {
        return transfers.stream().collect(Collectors.toMap(LedgerEntry::reference, Function.identity()));
    }

    Optional<Row> rowForKey(String key) {
        return rows.stream().filter(row -> row.idempotencyKey().equals(key)).findFirst();
    }

    /** Nothing left moving: every row and transfer final, and every transfer the bank completed is SETTLED here. */
    boolean settled() {
        Map<String, Row> byId = rowsById();
        return rows.stream().allMatch(Row::isFinal)
                && transfers.stream().allMatch(LedgerEntry::isFinal)
                && transfers.stream().filter(LedgerEntry::completed)
                        .allMatch(t -> byId.containsKey(t.reference()) && "SETTLED".equals(byId.get(t.reference()).status()));
    }

    /** Every anomaly raised and not resolved: the bank contradicting our books, which an honest bank never does. */
    private static List<String> anomalies(TestDatabase database) {
        return query(database, "SELECT disbursement_id, kind, detail, times_seen FROM disbursement_anomalies"
                + " WHERE resolved_at IS NULL ORDER BY id", result -> result.getString(2) + " on " + result.getString(1)
                        + " (seen " + result.getInt(4) + " times): " + result.getString(3));
    }

    private static List<Row> rows(TestDatabase database) {
        return query(database, "SELECT id, idempotency_key, product_reference, account_number, status, failure_code"
                + " FROM disbursements ORDER BY created_at", result -> new Row(result.getString(1), result.getString(2),
                        result.getString(3), result.getString(4), result.getString(5), result.getString(6)));
    }

    private interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Reads with a short plain JDBC connection of its own, as an auditor would. */
    private static <T> List<T> query(TestDatabase database, String sql, Mapper<T> mapper) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<T> read = new ArrayList<>();
            while (result.next()) {
                read.add(mapper.map(result));
            }
            return read;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }
}
