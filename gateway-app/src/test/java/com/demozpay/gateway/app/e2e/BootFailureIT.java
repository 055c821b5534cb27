package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.DatabaseUrl;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every boot failure of {@code docs/configuration.md}, provoked in the packaged jar: the exact last
 * JSON line ({@code msg} and {@code err}), the exit code, no secret anywhere in the output, and no port
 * left open. A JVM start costs seconds here, so every failing boot is started at once before the tests,
 * and each test reads its own.
 */
class BootFailureIT {

    private static final Duration EXIT_LIMIT = Duration.ofSeconds(90);
    private static final String KEY = SigningKeys.random();
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String AUTH_TOKEN = "tok-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String UNUSABLE_KEY = "whsec_" + "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
    private static final String UNREADABLE_KEY = "whsec_not-base64-" + UUID.randomUUID() + "!!";
    /** Looks like key material; must never reach the output. */
    private static final String KEY_LOOKALIKE = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + UUID.randomUUID().toString().replace("-", "");
    private static final String USAGE = "usage: gateway [serve | check-config | migrate | wait-for-db [--timeout=5m] | initiate | status | list | anomalies | inbox | resolve | reconcile | recover | demo [--walkthrough]] (docs/runbook.md: each command's options)";

    /** The partner failures run against it and must leave it as it is: they stop before migrating. */
    private static TestDatabase untouched;
    private static TestDatabase reachable;
    private static ServerSocket takenPort;
    private static Path files;
    private static int closedPort;
    private static final Map<String, GatewayProcess> runs = new HashMap<>();
    private static final Map<String, Map<String, String>> environments = new HashMap<>();

    @BeforeAll
    static void startEveryFailingBoot() throws IOException {
        untouched = TestDatabase.create();
        reachable = TestDatabase.create();
        takenPort = new ServerSocket(0);
        closedPort = FreePorts.pick();

        Map<String, String> env = validEnvironment(reachable.postgresConnectionString());
        env.remove("GATEWAY_DASHEN_SIGNING_KEY");
        start("missing key", env);

        env = validEnvironment("mysql://gateway:" + PASSWORD + "@db.internal/gateway");
        env.remove("GATEWAY_DASHEN_BASE_URL");
        env.put("GATEWAY_GRPC_PORT", "70000");
        env.put("GATEWAY_GRPC_AUTH_TOKEN", AUTH_TOKEN);
        env.put("GATEWAY_RECONCILE_INTERVAL", "soon");
        start("several problems", env);

        env = validEnvironment(reachable.postgresConnectionString());
        env.put("GATEWAY_DASHEN_SIGNING_KEY", UNUSABLE_KEY);
        env.put("GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS", UNREADABLE_KEY);
        start("malformed keys", env);

        start("database unreachable",
                validEnvironment("postgres://gateway:" + PASSWORD + "@127.0.0.1:" + closedPort + "/gateway"));
        start("database missing", validEnvironment(reachable.jdbcConnectionString()
                .replace("/" + reachable.name() + "?", "/" + missingDatabaseName() + "?")));
        start("credentials refused", validEnvironment(
                reachable.url().jdbcUrl() + "?user=gw_no_such_role&password=" + PASSWORD));

        env = validEnvironment(untouched.postgresConnectionString());
        env.put("GATEWAY_DASHEN_BASE_URL", "ftp://x");
        start("ftp base url", env);
        env = validEnvironment(untouched.postgresConnectionString());
        env.put("GATEWAY_DASHEN_BASE_URL", "not a url");
        start("unparsable base url", env);
        env = validEnvironment(untouched.postgresConnectionString());
        env.remove("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP");
        start("plain http base url", env);

        env = validEnvironment(reachable.postgresConnectionString());
        env.put("GATEWAY_WEBHOOK_PORT", String.valueOf(takenPort.getLocalPort()));
        start("port taken", env);

        start("unknown command", validEnvironment(reachable.postgresConnectionString()), "frobnicate");
        start("demo", validEnvironment(reachable.postgresConnectionString()), "demo");

        files = Files.createTempDirectory("boot-failure-files");
        env = validEnvironment(reachable.postgresConnectionString());
        env.remove("GATEWAY_DASHEN_SIGNING_KEY");
        env.put("GATEWAY_DASHEN_SIGNING_KEY_FILE", files.resolve("no-such-key").toString());
        env.put("GATEWAY_DATABASE_URL_FILE", Files.writeString(files.resolve("db-url"), "postgres://x").toString());
        start("secret files", env);

        env = validEnvironment(reachable.postgresConnectionString());
        env.put("GATEWAY_GRPC_TLS_CERT_FILE", Files.writeString(files.resolve("grpc.crt"), "not a certificate").toString());
        env.put("GATEWAY_GRPC_TLS_KEY_FILE", Files.writeString(files.resolve("grpc.key"),
                "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_LOOKALIKE + "\n-----END RSA PRIVATE KEY-----\n").toString());
        start("unusable tls files", env);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        runs.values().forEach(GatewayProcess::close);
        if (takenPort != null) {
            takenPort.close();
        }
        if (untouched != null) {
            untouched.close();
        }
        if (reachable != null) {
            reachable.close();
        }
        if (files != null) {
            try (var paths = Files.walk(files)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void missingSigningKeyExitsTwoNamingTheVariable() {
        JsonNode last = failedBoot("missing key", 2, "config load failed");

        assertThat(last.path("err").asText()).isEqualTo("GATEWAY_DASHEN_SIGNING_KEY is required");
    }

    @Test
    void severalConfigProblemsAreAllListedInOneLine() {
        JsonNode last = failedBoot("several problems", 2, "config load failed");

        assertThat(last.path("err").asText()).isEqualTo(String.join("; ",
                "GATEWAY_DATABASE_URL: database URL must start with postgres://, postgresql:// or jdbc:postgresql://",
                "GATEWAY_DASHEN_BASE_URL is required",
                "GATEWAY_GRPC_PORT must be a whole number from 0 to 65535",
                "GATEWAY_GRPC_AUTH_TOKEN must be at least 16 characters",
                "GATEWAY_RECONCILE_INTERVAL must be a duration like 500ms, 30s, 2m or 1h, from 100ms to 1h"));
    }

    @Test
    void malformedSigningKeysAreNamedWithTheirRuleButNeverEchoed() {
        JsonNode last = failedBoot("malformed keys", 2, "config load failed");

        String rule = "signing key must be base64 of 24 to 64 bytes, optionally prefixed whsec_";
        assertThat(last.path("err").asText()).isEqualTo(
                "GATEWAY_DASHEN_SIGNING_KEY: signing key does not decode to 24 to 64 bytes; " + rule
                        + "; GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS: signing key is not valid base64; " + rule);
    }

    @Test
    void unreachableDatabaseExitsThree() {
        JsonNode last = failedBoot("database unreachable", 3, "pg pool init failed");

        String server = "127.0.0.1:" + closedPort;
        assertThat(last.path("err").asText()).isEqualTo("database server unreachable for user gateway at " + server
                + "/gateway (SQLState 08001): Connection to " + server + " refused. Check that the hostname and port"
                + " are correct and that the postmaster is accepting TCP/IP connections.");
    }

    @Test
    void missingDatabaseExitsThreeNamingIt() {
        JsonNode last = failedBoot("database missing", 3, "pg pool init failed");

        String missing = missingDatabaseName();
        assertThat(last.path("err").asText()).isEqualTo("database does not exist for user " + reachable.url().user()
                + " at " + server(reachable.url()) + "/" + missing + " (SQLState 3D000): FATAL: database \"" + missing
                + "\" does not exist");
    }

    /**
     * A wrong password cannot be provoked on a trust-auth server, which ignores passwords; an unknown
     * role can, and the server refuses it with the same SQLState class 28 (adapter-postgres tests the
     * mapping of 28P01 itself). On a password-auth server the driver's wording differs, hence the prefix.
     */
    @Test
    void refusedCredentialsExitThreeWithoutShowingThePassword() {
        JsonNode last = failedBoot("credentials refused", 3, "pg pool init failed");

        assertThat(last.path("err").asText()).startsWith("database server refused the credentials of user "
                + "gw_no_such_role at " + server(reachable.url()) + "/" + reachable.name() + " (SQLState 28");
    }

    @Test
    void nonHttpDashenBaseUrlExitsFourWithoutMigratingTheDatabase() throws SQLException {
        JsonNode last = failedBoot("ftp base url", 4, "partner adapter init failed");

        assertThat(last.path("err").asText())
                .isEqualTo("Dashen base URL must be an absolute http or https URL; its scheme is not http or https");
        assertThat(tablesIn(untouched)).isZero();
    }

    @Test
    void unparsableDashenBaseUrlExitsFour() throws SQLException {
        JsonNode last = failedBoot("unparsable base url", 4, "partner adapter init failed");

        assertThat(last.path("err").asText())
                .isEqualTo("Dashen base URL must be an absolute http or https URL; it is not a valid URI");
        assertThat(tablesIn(untouched)).isZero();
    }

    @Test
    void plainHttpToTheBankWithoutPermissionExitsFourNamingTheRuleWithoutMigrating() throws SQLException {
        JsonNode last = failedBoot("plain http base url", 4, "partner adapter init failed");

        assertThat(last.path("err").asText()).isEqualTo("Dashen base URL must use https: the bank's answers are"
                + " unsigned and only TLS protects them; plain http is for a sandbox (GATEWAY_DASHEN_ALLOW_INSECURE_HTTP=true)");
        assertThat(tablesIn(untouched)).isZero();
    }

    @Test
    void takenPortExitsSixNamingThePortAndClosesTheListenersAlreadyStarted() {
        JsonNode last = failedBoot("port taken", 6, "listener start failed");

        assertThat(last.path("err").asText()).isEqualTo(
                "GATEWAY_WEBHOOK_PORT " + takenPort.getLocalPort() + " cannot be bound: Address already in use");
        assertThat(runs.get("port taken").output()).contains("grpc server started", "http listener started");
    }

    @Test
    void secretFileMissingOrSetAlongsideItsVariableExitsTwoNamingVariableAndPath() {
        JsonNode last = failedBoot("secret files", 2, "config load failed");

        assertThat(last.path("err").asText()).isEqualTo(String.join("; ",
                "GATEWAY_DATABASE_URL and GATEWAY_DATABASE_URL_FILE are both set; set only one",
                "GATEWAY_DASHEN_SIGNING_KEY_FILE: " + files.resolve("no-such-key") + " does not exist"));
    }

    @Test
    void unusableTlsFilesExitTwoNamingEachVariableWithoutQuotingTheKey() {
        JsonNode last = failedBoot("unusable tls files", 2, "config load failed");

        assertThat(last.path("err").asText()).isEqualTo(String.join("; ",
                "GATEWAY_GRPC_TLS_CERT_FILE: " + files.resolve("grpc.crt")
                        + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                "GATEWAY_GRPC_TLS_KEY_FILE: " + files.resolve("grpc.key") + " holds a PKCS#1 or SEC1 key, not PKCS#8; "
                        + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem"));
        assertThat(runs.get("unusable tls files").output()).doesNotContain(KEY_LOOKALIKE);
    }

    @Test
    void unknownCommandIsAUsageError() {
        JsonNode last = failedBoot("unknown command", 64, "usage error");

        assertThat(last.path("err").asText()).isEqualTo("unknown command frobnicate; " + USAGE);
    }

    @Test
    void theProductionJarHasNoDemoAndSaysWhereItIs() {
        JsonNode last = failedBoot("demo", 64, "usage error");

        assertThat(last.path("err").asText()).startsWith("the demo is not part of the production jar")
                .contains("gateway-demo/target/gateway-demo.jar").endsWith(USAGE);
    }

    private static void start(String name, Map<String, String> env, String... args) {
        environments.put(name, env);
        runs.put(name, GatewayProcess.start(env, args));
    }

    /** A configuration that would boot, with ports of its own, apart from what a case changes. */
    private static Map<String, String> validEnvironment(String databaseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", databaseUrl);
        env.put("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:1/");
        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        env.put("GATEWAY_DB_CONNECT_TIMEOUT", "3s");
        env.put("GATEWAY_GRPC_PORT", String.valueOf(FreePorts.pick()));
        env.put("GATEWAY_WEBHOOK_PORT", String.valueOf(FreePorts.pick()));
        env.put("GATEWAY_ADMIN_PORT", String.valueOf(FreePorts.pick()));
        return env;
    }

    /**
     * Waits for the run to end and checks what every boot failure shares: the exit code, the last line
     * an ERROR with {@code msg}, no secret anywhere in the output, and nothing listening on the
     * configured ports (bar the one the test itself holds). Returns the last line.
     */
    private static JsonNode failedBoot(String name, int exitCode, String msg) {
        GatewayProcess run = runs.get(name);
        assertThat(run.awaitExit(EXIT_LIMIT)).as("exit code of %s; output:%n%s", name, run.output()).isEqualTo(exitCode);
        JsonNode last = run.lastStdoutJson();
        assertThat(last.path("level").asText()).isEqualTo("ERROR");
        assertThat(last.path("msg").asText()).isEqualTo(msg);
        assertThat(run.output()).doesNotContain(KEY, KEY.substring("whsec_".length()), PASSWORD, AUTH_TOKEN,
                UNUSABLE_KEY.substring("whsec_".length()), UNREADABLE_KEY.substring("whsec_".length()));
        for (String variable : List.of("GATEWAY_GRPC_PORT", "GATEWAY_WEBHOOK_PORT", "GATEWAY_ADMIN_PORT")) {
            int port = Integer.parseInt(environments.get(name).get(variable));
            if (port <= 65535 && port != takenPort.getLocalPort()) {
                assertThat(FreePorts.isListening(port)).as("%s %d still listening after %s", variable, port, name)
                        .isFalse();
            }
        }
        return last;
    }

    private static String missingDatabaseName() {
        return reachable.name() + "_missing";
    }

    private static String server(DatabaseUrl url) {
        return url.hosts().get(0).toString();
    }

    private static int tablesIn(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
