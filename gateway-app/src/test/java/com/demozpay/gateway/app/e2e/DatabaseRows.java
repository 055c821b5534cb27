package com.demozpay.gateway.app.e2e;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway wrote to its database, read with plain JDBC as an auditor would: the transition
 * log, the callback inbox and the disbursement rows. Each read opens its own short connection.
 */
final class DatabaseRows {

    /** One row of {@code disbursement_transitions}; {@code from} is null for the creation row. */
    record Transition(String from, String to, String source, String partnerEventId) {
    }

    /** One row of {@code callback_inbox}; {@code outcome} is null while unprocessed. */
    record InboxEntry(String eventId, String reportedStatus, String outcome) {
    }

    /** The columns of {@code disbursements} a test looks at. */
    record Row(String id, String status, long amountMinor) {
    }

    private final TestDatabase database;

    DatabaseRows(TestDatabase database) {
        this.database = database;
    }

    List<Transition> transitions(String disbursementId) {
        return query("SELECT from_status, to_status, source, partner_event_id FROM disbursement_transitions"
                + " WHERE disbursement_id = ?::uuid ORDER BY id",
                r -> new Transition(r.getString(1), r.getString(2), r.getString(3), r.getString(4)), disbursementId);
    }

    List<InboxEntry> inbox(String reference) {
        return query("SELECT event_id, reported_status, outcome FROM callback_inbox WHERE reference = ?"
                + " ORDER BY received_at, event_id",
                r -> new InboxEntry(r.getString(1), r.getString(2), r.getString(3)), reference);
    }

    Optional<Row> byIdempotencyKey(String key) {
        return query("SELECT id, status, amount_minor FROM disbursements WHERE idempotency_key = ?",
                r -> new Row(r.getString(1), r.getString(2), r.getLong(3)), key)
                .stream().findFirst();
    }

    String status(String disbursementId) {
        return query("SELECT status FROM disbursements WHERE id = ?::uuid", r -> r.getString(1), disbursementId).get(0);
    }

    long disbursementCount() {
        return query("SELECT count(*) FROM disbursements", r -> r.getLong(1)).get(0);
    }

    private interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Mapper<T> mapper, String... parameters) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }
}
