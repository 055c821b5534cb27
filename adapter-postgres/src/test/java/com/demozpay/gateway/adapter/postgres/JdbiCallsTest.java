package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A slow answer is unavailable at once: it is not a dead connection, and retrying would only wait again. */
class JdbiCallsTest {

    private static final PoolSettings ONE_SECOND_ANSWERS = new PoolSettings(3, Duration.ofSeconds(2), Duration.ofSeconds(1));

    private static TestDatabase database;

    @BeforeAll
    static void databaseWithARow() throws SQLException {
        database = TestDatabase.create();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE locked (id int PRIMARY KEY)");
            statement.execute("INSERT INTO locked VALUES (1)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aLockWaitPastTheSocketTimeoutIsUnavailableAfterOneAttempt() throws SQLException {
        // given another session holds the row's lock for longer than the pool's socket timeout
        try (PostgresPool pool = PostgresPool.open(database.url(), ONE_SECOND_ANSWERS);
                Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT * FROM locked WHERE id = 1 FOR UPDATE");
            JdbiCalls calls = new JdbiCalls(pool.dataSource());
            AtomicInteger attempts = new AtomicInteger();

            // when / then
            assertThatThrownBy(() -> calls.inTransaction("update locked", handle -> {
                attempts.incrementAndGet();
                return handle.execute("UPDATE locked SET id = 1 WHERE id = 1");
            })).isInstanceOf(StoreUnavailableException.class);
            assertThat(attempts).hasValue(1);
            holder.rollback();
        }
    }

    @Test
    void aCancelledStatementIsUnavailableAfterOneAttempt() {
        try (PostgresPool pool = PostgresPool.open(database.url(), ONE_SECOND_ANSWERS)) {
            JdbiCalls calls = new JdbiCalls(pool.dataSource());
            AtomicInteger attempts = new AtomicInteger();

            assertThatThrownBy(() -> calls.repeatable("sleep", handle -> {
                attempts.incrementAndGet();
                handle.execute("SET statement_timeout = 50");
                return handle.execute("SELECT pg_sleep(0.5)");
            })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("canceling statement");
            assertThat(attempts).hasValue(1);
        }
    }
}
