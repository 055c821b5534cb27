package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.PartnerAdapterInitException;
import com.demozpay.gateway.adapter.postgres.Migrations;
import com.demozpay.gateway.adapter.postgres.PoolInitException;
import com.demozpay.gateway.adapter.postgres.PoolSettings;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.GatewayConfig;
import java.time.Duration;

/**
 * The boot steps that can fail for a reason an operator must fix, each turning the adapter's typed
 * error into the {@link BootFailure} category the runbook names. Shared by {@code serve},
 * {@code check-config} and {@code migrate}.
 */
final class Boot {

    /** Bounds a single query; a statement that takes longer is a database in trouble. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private Boot() {
    }

    static PostgresPool openPool(GatewayConfig config) throws BootFailure {
        try {
            return PostgresPool.open(config.databaseUrl(),
                    new PoolSettings(config.database().poolSize(), config.database().connectTimeout(), SOCKET_TIMEOUT));
        } catch (PoolInitException e) {
            throw new BootFailure(Category.DATABASE, e.getMessage());
        }
    }

    /** Applies pending migrations, or with migrate-on-boot off, insists there are none. */
    static void migrate(GatewayConfig config, PostgresPool pool) throws BootFailure {
        Migrations migrations = new Migrations(pool.dataSource());
        try {
            if (config.migrateOnBoot()) {
                migrations.apply();
                return;
            }
            Migrations.MigrationStatus status = migrations.check();
            if (!status.upToDate()) {
                throw new BootFailure(Category.MIGRATION, describe(status));
            }
        } catch (RuntimeException e) {
            throw new BootFailure(Category.MIGRATION, describe(e));
        }
    }

    static String describe(Migrations.MigrationStatus status) {
        if (!status.problems().isEmpty()) {
            return String.join("; ", status.problems());
        }
        return status.pending().isEmpty()
                ? "migrations up to date"
                : status.pending().size() + " migrations pending (" + String.join(", ", status.pending())
                        + "); run the migrate command or set GATEWAY_MIGRATE_ON_BOOT=true";
    }

    static DashenSettings dashenSettings(GatewayConfig config) throws BootFailure {
        try {
            return DashenSettings.of(config.dashenBaseUrl(), config.dashenSigningKey(),
                    config.dashen().connectTimeout(), config.dashen().requestTimeout(), config.dashen().maxConnections(),
                    config.dashen().insecureHttpAllowed());
        } catch (PartnerAdapterInitException e) {
            throw new BootFailure(Category.PARTNER, e.getMessage());
        }
    }

    static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
