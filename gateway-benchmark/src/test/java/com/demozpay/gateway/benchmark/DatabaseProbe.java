package com.demozpay.gateway.benchmark;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * What the benchmark asks the database, over one connection of its own. Transactions: all of them from
 * {@code pg_stat_database.xact_commit} of the gateway's database (minus the probe's own), and the
 * writing ones exactly, from the write-ahead log: the distinct transaction ids whose WAL records touch
 * a relation of this database ({@code pg_walinspect} between the flushed WAL positions at the window's
 * two ends: every committed transaction's records are flushed by its commit; a temporary physical
 * replication slot keeps that WAL from being recycled and goes away with the connection). Read-only
 * transactions get no transaction id, so they never appear there.
 */
final class DatabaseProbe implements AutoCloseable {

    /** Counters at one moment. {@code walPosition} is empty when the WAL cannot be inspected. */
    record Counters(long commits, Optional<String> walPosition) {
    }

    /** How many disbursements are in each state; {@code distinctPartnerReferences} is -1 when not counted. */
    record States(long total, long settled, long failed, long distinctPartnerReferences) {
    }

    private final Connection connection;
    private final boolean walReadable;
    private long ownStatements;

    DatabaseProbe(TestDatabase database) throws SQLException {
        this.connection = database.connect();
        this.walReadable = prepareWalInspection();
    }

    boolean walReadable() {
        return walReadable;
    }

    Counters counters() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT xact_commit, "
                        + (walReadable ? "pg_current_wal_flush_lsn()::text" : "NULL")
                        + " FROM pg_stat_database WHERE datname = current_database()")) {
            ownStatements++;
            row.next();
            return new Counters(row.getLong(1), Optional.ofNullable(row.getString(2)));
        }
    }

    /** How many are SETTLED and FAILED, and the distinct transfer ids; {@link #progress} polls more cheaply. */
    States states() throws SQLException {
        return count("count(DISTINCT partner_reference)");
    }

    /** As {@link #states} without the distinct transfer ids (a sort each time): cheap enough to poll. */
    States progress() throws SQLException {
        return count("-1");
    }

    private States count(String transfers) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT count(*), count(*) FILTER (WHERE status = 'SETTLED'),
                               count(*) FILTER (WHERE status = 'FAILED'), %s
                          FROM disbursements WHERE idempotency_key LIKE 'bench-%%'""".formatted(transfers))) {
            ownStatements++;
            row.next();
            return new States(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }

    /** Statements (each its own transaction) this probe ran, to take out of the commit count. */
    long ownTransactions() {
        return ownStatements;
    }

    /** Distinct transactions that wrote to this database between two counters, from the WAL. */
    Optional<Long> writeTransactionsBetween(Counters before, Counters after) throws SQLException {
        if (before.walPosition().isEmpty() || after.walPosition().isEmpty()) {
            return Optional.empty();
        }
        try (var statement = connection.prepareStatement("""
                SELECT count(DISTINCT xid::text) FROM pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn)
                 WHERE xid <> 0 AND block_ref LIKE '%/' || (SELECT oid FROM pg_database
                                                            WHERE datname = current_database()) || '/%'""")) {
            statement.setString(1, before.walPosition().get());
            statement.setString(2, after.walPosition().get());
            try (ResultSet row = statement.executeQuery()) {
                ownStatements++;
                row.next();
                return Optional.of(row.getLong(1));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private boolean prepareWalInspection() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
            statement.execute("SELECT pg_create_physical_replication_slot('gw_bench_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "', true, true)");
            return true;
        } catch (SQLException unavailable) {
            System.out.println("write transactions not measured: " + unavailable.getMessage());
            return false;
        }
    }
}
