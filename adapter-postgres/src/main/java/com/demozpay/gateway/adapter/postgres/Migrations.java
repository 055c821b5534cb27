package com.demozpay.gateway.adapter.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * The schema, as Flyway's versioned migrations in {@code classpath:db/migration}. A released migration
 * is never edited (Flyway's checksums would refuse it, and {@link #check()} reports it): every change
 * is a new version. Several replicas may {@link #apply()} at once; Flyway serialises them with a lock
 * in the database. Flyway holds two connections at once, hence {@link PoolSettings#MIN_SIZE}.
 *
 * <p>When Flyway's history shows exactly the migrations this build ships applied, each with the checksum
 * Flyway would compute for it ({@link ShippedMigrations}), the schema is current and Flyway is not even
 * loaded: one query instead of ~360 classes and Flyway's validation (0.1 s of a 0.9 s launch, measured).
 * Anything else (no history, a pending, failed, edited or unknown migration, a query that fails) goes to
 * Flyway, which applies or reports it.
 */
public final class Migrations {

    private static final String HISTORY = "SELECT version, description, script, checksum, success FROM flyway_schema_history";

    private final DataSource dataSource;

    public Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                // A pending migration is not an error for check(): apply() is what runs it.
                .ignoreMigrationPatterns("*:pending")
                .load();
    }

    /**
     * Applies every pending migration; returns how many. Nothing to do is not an error.
     *
     * @throws MigrationException when a migration fails or the applied ones do not match the code
     */
    public int apply() {
        if (appliedIfCurrent().isPresent()) {
            return 0;
        }
        try {
            return flyway().migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new MigrationException("database migration failed: " + e.getMessage(), e);
        }
    }

    /** Where the database stands against the migrations in this build, without changing anything. */
    public MigrationStatus check() {
        Optional<List<String>> current = appliedIfCurrent();
        if (current.isPresent()) {
            return new MigrationStatus(current.get(), List.of(), List.of());
        }
        try {
            Flyway flyway = flyway();
            MigrationInfoService info = flyway.info();
            ValidateResult validation = flyway.validateWithResult();
            List<String> problems = validation.validationSuccessful ? List.of()
                    : validation.invalidMigrations.stream()
                            .map(invalid -> "version " + invalid.version + ": " + invalid.errorDetails.errorMessage)
                            .collect(Collectors.toList());
            return new MigrationStatus(describe(info.applied()), describe(info.pending()), problems);
        } catch (FlywayException e) {
            throw new MigrationException("database migration check failed: " + e.getMessage(), e);
        }
    }

    /** The shipped migrations as "version description" if the history holds exactly them, all succeeded. */
    Optional<List<String>> appliedIfCurrent() {
        List<ShippedMigrations.Migration> shipped = ShippedMigrations.load();
        List<ShippedMigrations.Migration> applied = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(HISTORY)) {
            while (row.next()) {
                Object checksum = row.getObject("checksum");
                if (!row.getBoolean("success") || !(checksum instanceof Integer)) {
                    return Optional.empty();
                }
                applied.add(new ShippedMigrations.Migration(row.getString("version"), row.getString("description"),
                        row.getString("script"), (Integer) checksum));
            }
        } catch (SQLException e) {
            return Optional.empty(); // no history yet, or a database in trouble: Flyway's own run says which
        }
        if (applied.size() != shipped.size() || !new HashSet<>(applied).equals(new HashSet<>(shipped))) {
            return Optional.empty();
        }
        return Optional.of(shipped.stream().map(m -> m.version() + " " + m.description()).collect(Collectors.toList()));
    }

    private static List<String> describe(MigrationInfo[] migrations) {
        return Arrays.stream(migrations)
                .map(migration -> migration.getVersion() + " " + migration.getDescription())
                .collect(Collectors.toList());
    }

    /**
     * Applied and pending migrations as "version description", and what is wrong with the applied
     * ones (a failed or edited migration), if anything.
     */
    public record MigrationStatus(List<String> applied, List<String> pending, List<String> problems) {

        public MigrationStatus {
            applied = List.copyOf(applied);
            pending = List.copyOf(pending);
            problems = List.copyOf(problems);
        }

        public boolean upToDate() {
            return pending.isEmpty() && problems.isEmpty();
        }
    }

    /** Flyway could not migrate or check the schema; the message says why. */
    public static final class MigrationException extends RuntimeException {
        MigrationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
