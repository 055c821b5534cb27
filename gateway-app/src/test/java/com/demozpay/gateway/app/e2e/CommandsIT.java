package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's commands other than {@code serve}, as a pre-deploy job and an operator run them:
 * {@code check-config} reports without changing anything or opening a port, {@code migrate} applies
 * the schema once, and {@code serve} with migrate-on-boot off refuses a database that is behind.
 */
class CommandsIT {

    private static final Duration EXIT_LIMIT = Duration.ofSeconds(90);
    private static final String KEY = SigningKeys.random();
    private static final List<String> PORT_VARIABLES = List.of("GATEWAY_GRPC_PORT", "GATEWAY_WEBHOOK_PORT", "GATEWAY_ADMIN_PORT");

    @Test
    void checkConfigOnAFreshDatabaseReportsPendingMigrationsInOneLineAndOpensNoPort() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> env = environment(database);

            GatewayProcess run = GatewayProcess.runToExit(env, EXIT_LIMIT, "check-config");

            assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isZero();
            assertThat(run.stdoutLines()).as("check-config prints exactly one line").hasSize(1);
            JsonNode result = run.lastStdoutJson();
            assertThat(result.path("level").asText()).isEqualTo("INFO");
            assertThat(result.path("msg").asText()).isEqualTo("config check passed");
            assertThat(result.path("database").asText()).isEqualTo("reachable");
            assertThat(result.path("migrations_applied").asInt()).isZero();
            assertThat(result.path("migrations_pending").asInt()).isPositive();
            assertThat(tablesIn(database)).as("check-config changes nothing").isZero();
            assertNothingListens(env);
            assertThat(run.output()).doesNotContain(KEY.substring("whsec_".length()));
        }
    }

    @Test
    void migrateAppliesEveryMigrationOnceAndCheckConfigThenShowsNonePending() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> env = environment(database);
            int pending = GatewayProcess.runToExit(env, EXIT_LIMIT, "check-config").lastStdoutJson()
                    .path("migrations_pending").asInt();

            GatewayProcess first = GatewayProcess.runToExit(env, EXIT_LIMIT, "migrate");
            GatewayProcess second = GatewayProcess.runToExit(env, EXIT_LIMIT, "migrate");
            GatewayProcess check = GatewayProcess.runToExit(env, EXIT_LIMIT, "check-config");

            assertThat(first.awaitExit(EXIT_LIMIT)).as(first.output()).isZero();
            assertThat(first.lastStdoutJson().path("msg").asText()).isEqualTo("migrations applied");
            assertThat(first.lastStdoutJson().path("applied").asInt()).isEqualTo(pending).isPositive();
            assertThat(appliedMigrationsIn(database)).isEqualTo(pending);
            assertThat(second.awaitExit(EXIT_LIMIT)).as(second.output()).isZero();
            assertThat(second.lastStdoutJson().path("applied").asInt()).isZero();
            assertThat(check.awaitExit(EXIT_LIMIT)).as(check.output()).isZero();
            assertThat(check.lastStdoutJson().path("migrations_pending").asInt()).isZero();
            assertThat(check.lastStdoutJson().path("migrations_applied").asInt()).isEqualTo(pending);
            assertNothingListens(env);
        }
    }

    @Test
    void commandResultsArePrintedEvenWhenTheLogLevelIsError() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> env = environment(database);
            env.put("GATEWAY_LOG_LEVEL", "ERROR");

            GatewayProcess migrate = GatewayProcess.runToExit(env, EXIT_LIMIT, "migrate");
            GatewayProcess check = GatewayProcess.runToExit(env, EXIT_LIMIT, "check-config");

            assertThat(migrate.awaitExit(EXIT_LIMIT)).as(migrate.output()).isZero();
            assertThat(migrate.stdoutLines()).as(migrate.output()).hasSize(1);
            assertThat(migrate.lastStdoutJson().path("msg").asText()).isEqualTo("migrations applied");
            assertThat(migrate.lastStdoutJson().path("applied").asInt()).isPositive();
            assertThat(check.awaitExit(EXIT_LIMIT)).as(check.output()).isZero();
            assertThat(check.stdoutLines()).as(check.output()).hasSize(1);
            assertThat(check.lastStdoutJson().path("msg").asText()).isEqualTo("config check passed");
            assertThat(check.lastStdoutJson().path("level").asText()).isEqualTo("INFO");
        }
    }

    @Test
    void serveWithMigrateOnBootOffRefusesAnUnmigratedDatabase() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> env = environment(database);
            env.put("GATEWAY_MIGRATE_ON_BOOT", "false");

            GatewayProcess run = GatewayProcess.runToExit(env, EXIT_LIMIT, "serve");

            assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isEqualTo(5);
            JsonNode last = run.lastStdoutJson();
            assertThat(last.path("level").asText()).isEqualTo("ERROR");
            assertThat(last.path("msg").asText()).isEqualTo("pg migration failed");
            assertThat(last.path("err").asText())
                    .matches("\\d+ migrations pending \\(1 .*\\); run the migrate command or set GATEWAY_MIGRATE_ON_BOOT=true");
            assertThat(tablesIn(database)).isZero();
            assertNothingListens(env);
        }
    }

    /** What a rollback to an older build meets: the schema is ahead of the code, and it must not start. */
    @Test
    void checkConfigRefusesADatabaseMigratedByANewerGateway() throws SQLException {
        try (TestDatabase database = TestDatabase.createMigrated()) {
            execute(database, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (999, '999', 'from a newer build', 'SQL',"
                    + " 'V999__from_a_newer_build.sql', 1, current_user, 1, true)");

            GatewayProcess run = GatewayProcess.runToExit(environment(database), EXIT_LIMIT, "check-config");

            assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isEqualTo(5);
            assertThat(run.lastStdoutJson().path("msg").asText()).isEqualTo("pg migration failed");
            assertThat(run.lastStdoutJson().path("err").asText())
                    .startsWith("version 999: Detected applied migration not resolved locally: 999.");
        }
    }

    @Test
    void waitForDbReturnsAtOnceWhenTheDatabaseTakesWritesAndChangesNothing() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> env = environment(database);

            GatewayProcess run = GatewayProcess.runToExit(env, EXIT_LIMIT, "wait-for-db", "--timeout=30s");

            assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isZero();
            assertThat(run.stdoutLines()).as(run.output()).hasSize(1);
            assertThat(run.lastStdoutJson().path("msg").asText()).isEqualTo("database ready");
            assertThat(run.lastStdoutJson().path("waited_ms").asLong()).isNotNegative();
            assertThat(tablesIn(database)).as("wait-for-db changes nothing").isZero();
            assertNothingListens(env);
        }
    }

    /** A standby, or a primary forced read-only, cannot store a disbursement: the gate stays shut. */
    @Test
    void waitForDbGivesUpAfterItsTimeoutWhenTheDatabaseIsReadOnly() throws SQLException {
        try (TestDatabase database = TestDatabase.create()) {
            execute(database, "ALTER DATABASE \"" + database.name() + "\" SET default_transaction_read_only = on");

            GatewayProcess run = GatewayProcess.runToExit(environment(database), EXIT_LIMIT, "wait-for-db", "--timeout=2s");

            assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isEqualTo(3);
            assertThat(run.lastStdoutJson().path("msg").asText()).isEqualTo("pg pool init failed");
            assertThat(run.lastStdoutJson().path("err").asText()).isEqualTo(
                    "database not writable within 2s: the server is read-only (default_transaction_read_only=on)");
        }
    }

    @Test
    void waitForDbGivesUpAfterItsTimeoutNamingWhyTheDatabaseIsUnreachable() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", "postgres://gateway@127.0.0.1:" + FreePorts.pick() + "/gateway");
        env.put("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:1/");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);

        GatewayProcess run = GatewayProcess.runToExit(env, EXIT_LIMIT, "wait-for-db", "--timeout=3s");

        assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isEqualTo(3);
        assertThat(run.lastStdoutJson().path("msg").asText()).isEqualTo("pg pool init failed");
        assertThat(run.lastStdoutJson().path("err").asText())
                .startsWith("database not writable within 3s: database server unreachable for user gateway at 127.0.0.1:");
    }

    @Test
    void waitForDbRefusesAnOptionOtherThanItsTimeout() {
        GatewayProcess run = GatewayProcess.runToExit(new HashMap<>(), EXIT_LIMIT, "wait-for-db", "--timeout=forever");

        assertThat(run.awaitExit(EXIT_LIMIT)).as(run.output()).isEqualTo(64);
        assertThat(run.lastStdoutJson().path("err").asText())
                .startsWith("wait-for-db takes only --timeout=<1-3600s or 1-60m>, got --timeout=forever");
    }

    private static Map<String, String> environment(TestDatabase database) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", database.postgresConnectionString());
        env.put("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:1/");
        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        PORT_VARIABLES.forEach(variable -> env.put(variable, String.valueOf(FreePorts.pick())));
        return env;
    }

    private static void assertNothingListens(Map<String, String> env) {
        for (String variable : PORT_VARIABLES) {
            assertThat(FreePorts.isListening(Integer.parseInt(env.get(variable)))).as(variable).isFalse();
        }
    }

    private static int tablesIn(TestDatabase database) throws SQLException {
        return count(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private static int appliedMigrationsIn(TestDatabase database) throws SQLException {
        return count(database, "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success");
    }

    private static int count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
