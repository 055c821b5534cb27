package com.demozpay.gateway.adapter.postgres;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/** Reads what a failure from the driver or the pool means, from its SQLState and its causes. */
final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * True when the server could not be reached or the connection died: SQLState class 08, the server
     * shutting down or terminating the backend (57P01, 57P02), the server not accepting connections yet
     * (57P03), no connection to be had from the pool, or a network error underneath.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the server did not answer in time: the socket timeout ran out (say, a lock wait longer
     * than it) or a statement was cancelled (57014). The server may still be working on it, so it is
     * not a dead connection and repeating it would only wait again.
     */
    static boolean isSlowAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the server refused a write because it is read-only (25006): a standby after a failover,
     * or {@code default_transaction_read_only} switched on. Nothing was written; the server refuses
     * before it changes anything.
     */
    static boolean isReadOnly(Throwable failure) {
        return sqlState(failure).filter(READ_ONLY_SQL_TRANSACTION::equals).isPresent();
    }

    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03"));
    }

    /** The SQLState of the first SQLException in the chain that has one. */
    static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** What the driver said: the first SQLException's message, else the innermost cause's. */
    static String driverMessage(Throwable failure) {
        Throwable last = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                return t.getMessage();
            }
            last = t;
        }
        return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    }
}
