package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one store operation and says what a failure means. No connection to be had, or a connection
 * that dies, becomes {@link StoreUnavailableException}; any other error is thrown as it is.
 *
 * <p>A pooled connection that died while idle (server restart, {@code pg_terminate_backend}) fails
 * the first statement sent on it, and the pool then evicts it. A failure before COMMIT was sent
 * changed nothing (the server rolls back a transaction whose connection is gone), so the operation is
 * run again on another connection, at most once per connection this pool holds (after a restart
 * every one of them may be dead). A failure during COMMIT is never retried: whether it committed is
 * unknown, and the caller is told so. A slow answer (socket timeout, statement cancelled) is
 * unavailable at once and never retried: the server may still be at it, and another try would wait
 * as long again. A database that refuses writes because it is read-only (a standby after a failover)
 * is unavailable at once too: the pool drops that connection (see {@link PostgresPool}) so that a
 * later call connects afresh, perhaps to the new primary, but this call does not wait for that.
 */
final class JdbiCalls {

    private static final Logger log = LoggerFactory.getLogger(JdbiCalls.class);
    private final Jdbi jdbi;
    private final int maxAttempts;

    /** Over the host's data source; retries are bounded by its pool size when it is a HikariCP pool. */
    JdbiCalls(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        // Our SQL is fixed text with :named parameters and no <attribute> templates: skip the template
        // engine's parse of every statement's text (measured: ~3 % of the gateway's allocation).
        jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
        // A pool of another kind does not say its size: assume the largest pool allowed.
        int poolSize = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : PoolSettings.MAX_SIZE;
        this.maxAttempts = poolSize + 1;
    }

    /** Runs {@code work} in one transaction. */
    <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            AtomicBoolean committing = new AtomicBoolean();
            try {
                return jdbi.inTransaction(handle -> {
                    T result = work.withHandle(handle);
                    committing.set(true);
                    return result;
                });
            } catch (RuntimeException e) {
                if (!isUnavailable(e)) {
                    throw e;
                }
                if (committing.get()) {
                    throw new StoreUnavailableException("pg connection lost while committing " + operation
                            + "; it may or may not have been applied: " + SqlFailures.driverMessage(e), e);
                }
                retryOrGiveUp(operation, attempt, e);
            }
        }
    }

    /**
     * Runs {@code work} in auto-commit mode, each statement on its own. Only for work that is safe to
     * repeat whole even after it committed (reads, and writes that are no-ops the second time), so it
     * is retried on any connection failure.
     */
    <T> T repeatable(String operation, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try (Handle handle = jdbi.open()) {
                return work.withHandle(handle);
            } catch (RuntimeException e) {
                if (!isUnavailable(e)) {
                    throw e;
                }
                retryOrGiveUp(operation, attempt, e);
            }
        }
    }

    private static boolean isUnavailable(RuntimeException failure) {
        return failure instanceof ConnectionException || SqlFailures.isConnectionFailure(failure)
                || SqlFailures.isSlowAnswer(failure) || SqlFailures.isReadOnly(failure);
    }

    private void retryOrGiveUp(String operation, int attempt, RuntimeException failure) {
        if (SqlFailures.isReadOnly(failure)) {
            throw new StoreUnavailableException("pg read-only for " + operation + " (SQLState "
                    + SqlFailures.READ_ONLY_SQL_TRANSACTION + ", a standby?): " + SqlFailures.driverMessage(failure), failure);
        }
        // No connection to be had means the server is away, and a slow answer would be as slow again:
        // waiting for another would only double the wait.
        if (failure instanceof ConnectionException || SqlFailures.isSlowAnswer(failure) || attempt >= maxAttempts) {
            throw new StoreUnavailableException(
                    "pg unavailable for " + operation + ": " + SqlFailures.driverMessage(failure), failure);
        }
        log.atWarn().setMessage("pg connection lost, retrying")
                .addKeyValue("operation", operation)
                .addKeyValue("attempt", attempt)
                .addKeyValue("err", SqlFailures.driverMessage(failure))
                .log();
    }
}
