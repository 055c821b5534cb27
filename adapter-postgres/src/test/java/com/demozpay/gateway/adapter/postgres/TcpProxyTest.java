package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test proxy's stall: the database hangs with its connections open, then answers what it held. */
class TcpProxyTest {

    private static TestDatabase database;

    @BeforeAll
    static void emptyDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void queryDuringAStallIsAnsweredOnlyAfterResume() throws Exception {
        try (TcpProxy proxy = database.startProxy();
                Connection connection = DriverManager.getConnection(database.urlThrough(proxy).jdbcUrl(),
                        database.url().user(), database.url().password().orElse(null))) {
            // given a stalled proxy
            proxy.stall();

            // when a query is sent through it
            CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> selectOne(connection));

            // then it waits, connection open, until the proxy resumes, and is answered after
            // An absence has no event to poll for: the query is given ample time to be (wrongly) answered.
            Thread.sleep(500);
            assertThat(answer).isNotDone();
            proxy.resume();
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(connection.isClosed()).isFalse();
        }
    }

    private static int selectOne(Connection connection) {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
            return result.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
