package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Disbursements, transitions and log queries for this module's tests. */
final class Fixtures {

    /** A time with nanoseconds, to show that the store truncates to microseconds. */
    static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456789Z");

    private Fixtures() {
    }

    static Disbursement initiated(String key, Instant at) {
        return Disbursement.initiate(new DisbursementId(UUID.randomUUID()), request(key), at);
    }

    static DisbursementRequest request(String key) {
        return new DisbursementRequest(new IdempotencyKey(key), Product.EWA, "ewa-" + key, Money.etb(150_000),
                new Beneficiary("1000123456789", "Abebe Kebede"), Optional.of("March advance"));
    }

    static Decision.Transition move(DisbursementStatus from, DisbursementStatus to) {
        return new Decision.Transition(from, to, Optional.empty(), Optional.empty());
    }

    static Decision.Transition moveWithReference(DisbursementStatus from, DisbursementStatus to, String reference) {
        return new Decision.Transition(from, to, Optional.of(new PartnerReference(reference)), Optional.empty());
    }

    static Decision.Transition fail(DisbursementStatus from, String code, String message) {
        return new Decision.Transition(from, DisbursementStatus.FAILED, Optional.empty(),
                Optional.of(new Failure(code, message)));
    }

    /** One row of the transition log. */
    record LogRow(String from, String to, String source, String partnerEventId, Instant at) {
    }

    /** The whole transition log, by disbursement, in the order written. */
    static Map<DisbursementId, List<LogRow>> logs(TestDatabase database) throws SQLException {
        Map<DisbursementId, List<LogRow>> logs = new HashMap<>();
        try (Connection connection = database.connect();
                ResultSet row = connection.createStatement().executeQuery("SELECT disbursement_id, from_status,"
                        + " to_status, source, partner_event_id, at FROM disbursement_transitions ORDER BY id")) {
            while (row.next()) {
                logs.computeIfAbsent(new DisbursementId(row.getObject(1, UUID.class)), id -> new ArrayList<>())
                        .add(new LogRow(row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                                Timestamps.read(row, "at")));
            }
        }
        return logs;
    }

    static List<LogRow> log(TestDatabase database, DisbursementId id) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT from_status, to_status, source,"
                        + " partner_event_id, at FROM disbursement_transitions WHERE disbursement_id = ? ORDER BY id")) {
            statement.setObject(1, id.value());
            List<LogRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new LogRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), Timestamps.read(result, "at")));
                }
            }
            return rows;
        }
    }

    static long count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The log is append-only (its trigger refuses DELETE); TRUNCATE is the tests' way round it. */
    static void emptyTables(TestDatabase database) throws SQLException {
        execute(database, "TRUNCATE disbursement_anomalies, callback_inbox, disbursement_transitions, disbursements");
    }

    static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.createStatement().execute(sql);
        }
    }
}
