package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.GatewayConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wait-for-db}: the readiness gate a Kubernetes initContainer runs before a new replica starts.
 * It returns once the database accepts a connection <em>and</em> takes writes (a primary, not a replica
 * in recovery nor a server forced read-only), because a gateway that can only read cannot store a
 * disbursement. Bounded: after the timeout it fails with the last reason, so a rollout against a dead
 * database stops at the init step instead of crash-looping the new pods.
 */
final class WaitForDatabase {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final Duration PAUSE = Duration.ofSeconds(1);
    private static final Pattern TIMEOUT_OPTION = Pattern.compile("--timeout=([0-9]{1,5})(s|m)");

    private WaitForDatabase() {
    }

    /** The timeout named by {@code --timeout=90s} or {@code --timeout=5m}, the default without options. */
    static Optional<Duration> timeout(List<String> options) {
        if (options.isEmpty()) {
            return Optional.of(DEFAULT_TIMEOUT);
        }
        Matcher m = options.size() == 1 ? TIMEOUT_OPTION.matcher(options.get(0)) : null;
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        Duration timeout = "s".equals(m.group(2)) ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
        return timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0 ? Optional.empty() : Optional.of(timeout);
    }

    /** Waits until the database takes writes; returns how long that took, or throws with the last reason. */
    static Duration await(GatewayConfig config, Duration timeout) throws BootFailure {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String lastReason = "no attempt made";
        while (true) {
            Optional<String> notReady = attempt(config);
            if (notReady.isEmpty()) {
                return Duration.between(start, Instant.now());
            }
            lastReason = notReady.get();
            if (Instant.now().plus(PAUSE).isAfter(deadline)) {
                throw new BootFailure(Category.DATABASE,
                        "database not writable within " + timeout.toSeconds() + "s: " + lastReason);
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BootFailure(Category.DATABASE, "interrupted while waiting: " + lastReason);
            }
        }
    }

    /** Empty when the database takes writes; otherwise why not (never a secret: the pool redacts). */
    private static Optional<String> attempt(GatewayConfig config) {
        try (PostgresPool pool = Boot.openPool(config);
                Connection connection = pool.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
            row.next();
            if (row.getBoolean(1)) {
                return Optional.of("the server is a standby in recovery");
            }
            if ("on".equals(row.getString(2))) {
                return Optional.of("the server is read-only (default_transaction_read_only=on)");
            }
            return Optional.empty();
        } catch (BootFailure e) {
            return Optional.of(e.getMessage());
        } catch (SQLException e) {
            return Optional.of("SQLState " + e.getSQLState() + ": " + Boot.describe(e));
        }
    }
}
