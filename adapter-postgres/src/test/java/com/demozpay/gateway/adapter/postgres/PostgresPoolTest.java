package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.testing.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class PostgresPoolTest {

    private static final String SECRET = "Sup3rSecretPw";
    private static final PoolSettings QUICK = new PoolSettings(2, Duration.ofMillis(500), Duration.ofSeconds(5));

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
    void anOpenPoolAnswersTheProbeAndAClosedOneDoesNot() {
        PostgresPool pool = database.openPool(2);
        assertThat(pool.isWritable()).isTrue();
        String connectedTo = Jdbi.create(pool.dataSource()).withHandle(
                handle -> handle.select("SELECT current_database()").mapTo(String.class).one());
        assertThat(connectedTo).isEqualTo(database.name());

        pool.close();

        assertThat(pool.isWritable()).isFalse();
    }

    @Test
    void anExhaustedPoolIsStillReachableButACutServerIsNot() throws SQLException {
        try (TcpProxy proxy = database.startProxy();
                PostgresPool pool = PostgresPool.open(database.urlThrough(proxy), QUICK);
                Connection first = pool.dataSource().getConnection();
                Connection second = pool.dataSource().getConnection()) {
            // given every connection of the pool is lent out (busy with slow calls)
            assertThat(first.isValid(1) && second.isValid(1)).isTrue();

            // when / then a busy pool is not a database that is down
            assertThat(pool.isWritable()).isTrue();

            // but a server cut off is (the proxy's accept thread may still hand over one connection it had
            // accepted as the cut began, so the probe is asked until the cut shows)
            proxy.cut();
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(pool.isWritable()).isFalse());
        }
    }

    @Test
    void theProbeFollowsTheServerGoingAndComingBack() {
        try (TcpProxy proxy = database.startProxy();
                PostgresPool pool = PostgresPool.open(database.urlThrough(proxy), QUICK)) {
            assertThat(pool.isWritable()).isTrue();

            proxy.cut();
            // The proxy's accept thread may still hand over one connection it had accepted as the cut began.
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(pool.isWritable()).isFalse());
            proxy.restore();

            // The first probe after may still meet a connection the cut broke; the pool then drops it.
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(pool.isWritable()).isTrue());
        }
    }

    @Test
    void aQueryDuringAStallIsAnsweredOnlyOnceTheServerResumes() throws Exception {
        try (TcpProxy proxy = database.startProxy();
                PostgresPool pool = PostgresPool.open(database.urlThrough(proxy), QUICK);
                Connection connection = pool.dataSource().getConnection()) {
            // given a server that stalls (the proxy holds every byte, connections stay open)
            proxy.stall();

            // when a query is sent
            CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> Jdbi.create(connection)
                    .withHandle(handle -> handle.select("SELECT 1").mapTo(Integer.class).one()));

            // then it waits (an absence has no event to poll for: it gets ample time to be wrongly answered),
            // and is answered on the same connection once the server resumes
            Thread.sleep(500);
            assertThat(answer).isNotDone();
            proxy.resume();
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void aConstraintFailureNeverCarriesTheRowInItsMessage() {
        // given a table whose CHECK a row breaks, even when the URL asks for the server's detail
        try (PostgresPool pool = PostgresPool.open(
                DatabaseUrl.parse(database.jdbcConnectionString() + "&logServerErrorDetail=true"), QUICK)) {
            Jdbi.create(pool.dataSource()).useHandle(handle -> handle.execute(
                    "CREATE TABLE detail_probe (account_number text NOT NULL CHECK (length(account_number) < 5))"));

            // when
            Throwable failure = catchThrowableOfType(RuntimeException.class, () -> Jdbi.create(pool.dataSource()).useHandle(
                    handle -> handle.execute("INSERT INTO detail_probe VALUES ('1000123456789')")));

            // then the driver's failure names the constraint but not the row (Jdbi adds the statement itself)
            assertThat(failure).isNotNull();
            assertThat(SqlFailures.driverMessage(failure)).contains("detail_probe_account_number_check");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t.toString()).doesNotContain("Failing row");
                if (t instanceof SQLException) {
                    assertThat(t.toString()).doesNotContain("1000123456789");
                }
            }
        }
    }

    @Test
    void aPortWithNoServerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseUrl url = DatabaseUrl.parse("postgres://gw:" + SECRET + "@127.0.0.1:" + closedPort + "/gateway");

        PoolInitException failure = openFails(url);

        assertThat(failure.reason()).isEqualTo(PoolInitException.Reason.UNREACHABLE);
        assertThat(failure).hasMessageStartingWith("database server unreachable for user gw at 127.0.0.1:" + closedPort
                + "/gateway (SQLState 08001): ");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamedAsMissing() {
        PoolInitException failure = openFails(database.url().withDatabase("gw_no_such_database"));

        assertThat(failure.reason()).isEqualTo(PoolInitException.Reason.MISSING_DATABASE);
        assertThat(failure).hasMessageContaining("gw_no_such_database").hasMessageContaining("3D000");
    }

    @Test
    void anUnknownUserIsRefusedCredentials() {
        DatabaseUrl.Host server = database.url().hosts().get(0);
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://" + server + "/" + database.name()
                + "?user=gw_no_such_role&password=" + SECRET);

        PoolInitException failure = openFails(url);

        assertThat(failure.reason()).isEqualTo(PoolInitException.Reason.BAD_CREDENTIALS);
        assertThat(failure).hasMessageContaining("gw_no_such_role").hasMessageContaining("28000");
    }

    /**
     * The test server trusts loopback connections, so a wrong password cannot be produced there; the
     * driver's failure for one is built here instead, with the password in the server's text.
     */
    @Test
    void aWrongPasswordIsRefusedCredentialsAndItsTextIsRedacted() {
        PSQLException wrongPassword = new PSQLException(new ServerErrorMessage(
                "SFATAL\0C28P01\0Mpassword authentication failed for user \"gw\" (" + SECRET + ")\0"));

        PoolInitException failure = PostgresPool.initFailure(
                DatabaseUrl.parse("postgres://gw:" + SECRET + "@db/gateway"), wrongPassword);

        assertThat(failure.reason()).isEqualTo(PoolInitException.Reason.BAD_CREDENTIALS);
        assertThat(failure.getMessage()).isEqualTo("database server refused the credentials of user gw at db:5432/gateway"
                + " (SQLState 28P01): FATAL: password authentication failed for user \"gw\" (***)");
    }

    @ParameterizedTest
    @CsvSource({"28P01, BAD_CREDENTIALS", "28000, BAD_CREDENTIALS", "3D000, MISSING_DATABASE",
            "08001, UNREACHABLE", "08006, UNREACHABLE", "57P03, UNREACHABLE", "53300, OTHER", "42501, OTHER"})
    void theReasonFollowsTheSqlState(String sqlState, PoolInitException.Reason reason) {
        assertThat(PostgresPool.reasonFor(Optional.of(sqlState), new PSQLException("x", null))).isEqualTo(reason);
    }

    private static PoolInitException openFails(DatabaseUrl url) {
        PoolInitException failure = catchThrowableOfType(PoolInitException.class, () -> PostgresPool.open(url, QUICK));
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain(SECRET);
        }
        return failure;
    }
}
