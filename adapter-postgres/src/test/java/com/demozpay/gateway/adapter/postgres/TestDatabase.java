package com.demozpay.gateway.adapter.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh database of its own for one test class, {@code gw_test_<random>}, on the server
 * {@link TestServer} chooses ({@code GATEWAY_TEST_DATABASE_URL}, else Testcontainers, else embedded;
 * see docs/testing.md). Create it in {@code @BeforeAll} and close it in {@code @AfterAll}: closing
 * drops it, best effort. Shipped in this module's test jar for the app's end-to-end tests.
 */
public final class TestDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    private final DatabaseUrl admin;
    private final DatabaseUrl url;

    private TestDatabase(DatabaseUrl admin, DatabaseUrl url) {
        this.admin = admin;
        this.url = url;
    }

    /** An empty database: no schema yet. */
    public static TestDatabase create() {
        DatabaseUrl admin = TestServer.admin();
        String name = "gw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, "CREATE DATABASE " + name);
        return new TestDatabase(admin, admin.withDatabase(name));
    }

    /** A database with the gateway's migrations applied. */
    public static TestDatabase createMigrated() {
        TestDatabase database = create();
        try (PostgresPool pool = database.openPool(PoolSettings.MIN_SIZE)) {
            new Migrations(pool.dataSource()).apply();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * A copy of this database as it stands now ({@code CREATE DATABASE … TEMPLATE}), as a restore from a
     * backup taken now would give; ends every session on this one first, as a template must have none.
     */
    public TestDatabase copy() {
        String name = "gw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        terminateConnections();
        execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + name());
        return new TestDatabase(admin, admin.withDatabase(name));
    }

    public DatabaseUrl url() {
        return url;
    }

    public String name() {
        return url.database();
    }

    /** This database as a {@code jdbc:postgresql://} URL with user and password, for {@code GATEWAY_DATABASE_URL}. */
    public String jdbcConnectionString() {
        String parameters = "user=" + encode(url.user()) + url.password().map(p -> "&password=" + encode(p)).orElse("")
                + url.properties().entrySet().stream()
                        .map(p -> "&" + encode(p.getKey()) + "=" + encode(p.getValue()))
                        .collect(Collectors.joining());
        return url.jdbcUrl() + "?" + parameters;
    }

    /** This database as a {@code postgres://} URL, for {@code GATEWAY_DATABASE_URL}; keeps sslmode only. */
    public String postgresConnectionString() {
        return postgresConnectionString(url);
    }

    /** Like {@link #postgresConnectionString()}, reached through {@code proxy}: for a gateway process under test. */
    public String postgresConnectionStringThrough(TcpProxy proxy) {
        return postgresConnectionString(urlThrough(proxy));
    }

    private static String postgresConnectionString(DatabaseUrl url) {
        return "postgres://" + encode(url.user()) + url.password().map(p -> ":" + encode(p)).orElse("") + "@"
                + url.hosts().stream().map(DatabaseUrl.Host::toString).collect(Collectors.joining(","))
                + "/" + encode(url.database())
                + (url.properties().containsKey("sslmode") ? "?sslmode=" + url.properties().get("sslmode") : "");
    }

    /** A pool on this database with a short connection timeout, as tests want. */
    public PostgresPool openPool(int maxSize) {
        return PostgresPool.open(url, new PoolSettings(maxSize, Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    /** A proxy to this database's server, which a test can cut to make the database unreachable. */
    public TcpProxy startProxy() {
        DatabaseUrl.Host server = url.hosts().get(0);
        return TcpProxy.start(server.name(), server.port());
    }

    /** This database reached through {@code proxy}. */
    public DatabaseUrl urlThrough(TcpProxy proxy) {
        return url.withHost(new DatabaseUrl.Host(TcpProxy.LOOPBACK, proxy.port()));
    }

    /** A plain JDBC connection to this database, outside any pool: to look at or set up rows. */
    public Connection connect() throws SQLException {
        return connect(url);
    }

    /**
     * Terminates every other session on this database, as a server restart would, and waits (up to 5 s
     * each) until they are gone; returns how many.
     */
    public int terminateConnections() {
        try (Connection connection = connect(admin);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid, 5000))"
                        + " FROM pg_stat_activity WHERE datname = '" + name() + "' AND pid <> pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate the connections to " + name(), e);
        }
    }

    /**
     * Makes every new session on this database read-only ({@code default_transaction_read_only}), or
     * writable again. Turning it on also ends every session, as a failover to a standby would, so that
     * the pool's next connections refuse writes with SQLState 25006; turning it off leaves the sessions
     * opened meanwhile as they are (still read-only), as connections to the old primary would be.
     */
    public void setReadOnly(boolean readOnly) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = off"); // this session may have begun read-only
            statement.execute("ALTER DATABASE " + name()
                    + (readOnly ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
        } catch (SQLException e) {
            throw new IllegalStateException("could not change read-only on " + name(), e);
        }
        if (readOnly) {
            terminateConnections();
        }
    }

    /** Drops the database, ending any session still on it; a failure is only logged. */
    @Override
    public void close() {
        try {
            execute(admin, "DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)");
        } catch (IllegalStateException e) {
            log.atWarn().setMessage("test database not dropped").addKeyValue("database", name())
                    .addKeyValue("err", e.getCause().toString()).log();
        }
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(url.properties());
        properties.setProperty("user", url.user());
        url.password().ifPresent(p -> properties.setProperty("password", p));
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static void execute(DatabaseUrl url, String sql) {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database statement failed: " + sql, e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
