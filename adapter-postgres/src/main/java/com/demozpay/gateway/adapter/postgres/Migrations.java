package com.demozpay.gateway.adapter.postgres;

import java.util.Arrays;
import java.util.List;
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
 */
public final class Migrations {

    private final Flyway flyway;

    public Migrations(DataSource dataSource) {
        this.flyway = Flyway.configure()
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
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new MigrationException("database migration failed: " + e.getMessage(), e);
        }
    }

    /** Where the database stands against the migrations in this build, without changing anything. */
    public MigrationStatus check() {
        try {
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
