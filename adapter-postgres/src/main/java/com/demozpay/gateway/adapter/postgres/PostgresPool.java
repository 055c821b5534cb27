package com.demozpay.gateway.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HikariCP pool of connections to the gateway's database, for the app: the store, the inbox and
 * the migrations take its {@link #dataSource()} (an embedding host may hand them a pool of its own). {@link #open} makes one connection before returning, so a wrong URL, password
 * or database name stops the gateway at boot with a {@link PoolInitException} saying which, rather
 * than at the first request. {@link #isWritable()} is the readiness probe, on a connection of its own.
 */
public final class PostgresPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresPool.class);
    private static final String POOL_NAME = "pg-gateway";
    private static final String APPLICATION_NAME = "demozpay-gateway";
    private static final int PROBE_TIMEOUT_SECONDS = 2;
    private static final Driver DRIVER = new Driver();

    private final HikariDataSource dataSource;
    private final String jdbcUrl;
    private final Properties probeProperties;
    /** Whether the last probe found the database read-only, so that the change is logged once. */
    private volatile boolean seenReadOnly;

    private PostgresPool(HikariDataSource dataSource, String jdbcUrl, Properties probeProperties) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.probeProperties = probeProperties;
    }

    /** @throws PoolInitException when the first connection cannot be made */
    public static PostgresPool open(DatabaseUrl url, PoolSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDriverClassName(Driver.class.getName());
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        url.password().ifPresent(config::setPassword);
        config.setDataSourceProperties(driverProperties(url, settings));
        config.setMaximumPoolSize(settings.maxSize());
        // Idle connections are cheap for us but not for a server shared by several replicas.
        config.setMinimumIdle(PoolSettings.MIN_SIZE);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // One attempt at start, and its failure is thrown rather than retried in the background.
        config.setInitializationFailTimeout(1);
        // A connection that met a read-only server (a standby after a failover) stays read-only for its
        // whole life: drop it, so the next one is opened afresh and can reach the new primary.
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return SqlFailures.READ_ONLY_SQL_TRANSACTION.equals(e.getSQLState())
                        ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        try {
            return new PostgresPool(new HikariDataSource(config), url.jdbcUrl(), probeProperties(url, settings));
        } catch (HikariPool.PoolInitializationException e) {
            throw initFailure(url, e);
        }
    }

    private static Properties driverProperties(DatabaseUrl url, PoolSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout",
                String.valueOf(Math.max(1, (settings.connectionTimeout().toMillis() + 999) / 1000)));
        properties.setProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.putAll(url.properties());
        // Set after the URL's own: the server's DETAIL ("Failing row contains (..., account number, ...)")
        // must never reach an exception message, which gets logged.
        properties.setProperty("logServerErrorDetail", "false");
        return properties;
    }

    /** The pool's driver properties with the credentials, and short timeouts of the probe's own. */
    private static Properties probeProperties(DatabaseUrl url, PoolSettings settings) {
        Properties properties = driverProperties(url, settings);
        properties.setProperty("user", url.user());
        url.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", String.valueOf(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", String.valueOf(PROBE_TIMEOUT_SECONDS + 1));
        return properties;
    }

    static PoolInitException initFailure(DatabaseUrl url, Throwable failure) {
        Optional<String> sqlState = SqlFailures.sqlState(failure);
        PoolInitException.Reason reason = reasonFor(sqlState, failure);
        String target = "user " + url.user() + " at "
                + url.hosts().stream().map(DatabaseUrl.Host::toString).collect(Collectors.joining(","))
                + "/" + url.database();
        String what = switch (reason) {
            case UNREACHABLE -> "database server unreachable for ";
            case BAD_CREDENTIALS -> "database server refused the credentials of ";
            case MISSING_DATABASE -> "database does not exist for ";
            case OTHER -> "could not connect as ";
        };
        String driverSaid = SqlFailures.driverMessage(failure);
        if (url.password().isPresent()) {
            driverSaid = driverSaid.replace(url.password().get(), "***");
        }
        return new PoolInitException(reason,
                what + target + sqlState.map(state -> " (SQLState " + state + ")").orElse("") + ": " + driverSaid,
                failure);
    }

    static PoolInitException.Reason reasonFor(Optional<String> sqlState, Throwable failure) {
        if (sqlState.filter(state -> state.startsWith("28")).isPresent()) {
            return PoolInitException.Reason.BAD_CREDENTIALS;
        }
        if (sqlState.filter("3D000"::equals).isPresent()) {
            return PoolInitException.Reason.MISSING_DATABASE;
        }
        return sqlState.filter(SqlFailures::isConnectionState).isPresent() || SqlFailures.isConnectionFailure(failure)
                ? PoolInitException.Reason.UNREACHABLE
                : PoolInitException.Reason.OTHER;
    }

    /** For the store, the inbox, the migrations and anything else that wants JDBC. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * True when the database answers and would accept a write: asks whether the server is a standby
     * ({@code pg_is_in_recovery()}) and whether a new session's transactions are read-only, with a 2 s
     * query timeout on a connection of its own, made with a 2 s connect timeout and closed after. A
     * pool busy with slow calls is not a database that is down, so the probe never waits for one of the
     * pool's connections; a database that answers but refuses writes (after a failover to a standby)
     * cannot do the gateway's work, so it is not ready either. False once the pool is closed.
     */
    public boolean isWritable() {
        if (dataSource.isClosed()) {
            return false;
        }
        try (Connection connection = DRIVER.connect(jdbcUrl, probeProperties);
                Statement statement = connection.createStatement()) {
            // The server enforces the probe's time limit: Statement.setQueryTimeout would have pgjdbc start its
            // timer thread for each probe (one thread start every probe period); the probe connection's socket
            // timeout still bounds a server that does not answer at all.
            statement.execute("SET statement_timeout = " + PROBE_TIMEOUT_SECONDS * 1000);
            try (ResultSet result = statement.executeQuery(
                    "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'")) {
                result.next();
                boolean inRecovery = result.getBoolean(1);
                boolean readOnly = inRecovery || result.getBoolean(2);
                if (readOnly && !seenReadOnly) {
                    log.atWarn().setMessage("pg read-only").addKeyValue("in_recovery", inRecovery).log();
                }
                seenReadOnly = readOnly;
                return !readOnly;
            }
        } catch (SQLException e) {
            log.atDebug().setMessage("pg probe failed").addKeyValue("err", e.toString()).log();
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
