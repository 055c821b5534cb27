package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private TestDatabase database;
    private PostgresPool pool;

    @BeforeEach
    void emptyDatabase() {
        database = TestDatabase.create();
        pool = database.openPool(2);
    }

    @AfterEach
    void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndASecondRunIsANoOp() throws SQLException {
        Migrations migrations = new Migrations(pool.dataSource());
        List<String> all = List.of("1 create disbursements", "2 create disbursement transitions",
                "3 create callback inbox", "4 lease token", "5 number transitions for the event feed",
                "6 count resubmits", "7 one live disbursement per product reference", "20 statement reconciliation",
                "21 recovered transfers", "30 operator resolutions and anomalies");
        assertThat(migrations.check().pending()).hasSize(all.size());
        assertThat(migrations.check().upToDate()).isFalse();

        int first = migrations.apply();
        int second = migrations.apply();

        assertThat(first).isEqualTo(all.size());
        assertThat(second).isZero();
        Migrations.MigrationStatus status = migrations.check();
        assertThat(status.applied()).containsExactlyElementsOf(all);
        assertThat(status.pending()).isEmpty();
        assertThat(status.upToDate()).isTrue();
        assertThat(Fixtures.count(database, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(all.size());
    }

    @Test
    void theShippedMigrationsAreThoseFlywayRecordedSoACurrentSchemaIsKnownWithoutFlyway() throws SQLException {
        Migrations migrations = new Migrations(pool.dataSource());
        assertThat(migrations.appliedIfCurrent()).isEmpty();

        migrations.apply();

        for (ShippedMigrations.Migration migration : ShippedMigrations.load()) {
            assertThat(Fixtures.count(database, "SELECT checksum FROM flyway_schema_history WHERE version = '"
                    + migration.version() + "'")).as(migration.script()).isEqualTo(migration.checksum());
        }
        assertThat(migrations.appliedIfCurrent()).hasValueSatisfying(applied -> assertThat(applied)
                .containsExactlyElementsOf(migrations.check().applied()).hasSize(ShippedMigrations.load().size()));
    }

    @Test
    void aShippedMigrationMissingFromTheHistoryIsPending() throws SQLException {
        Migrations migrations = new Migrations(pool.dataSource());
        migrations.apply();
        Fixtures.execute(database, "DELETE FROM flyway_schema_history WHERE version = '30'");

        Migrations.MigrationStatus status = migrations.check();

        assertThat(status.pending()).containsExactly("30 operator resolutions and anomalies");
        assertThat(status.upToDate()).isFalse();
    }

    @Test
    void anEditedReleasedMigrationIsReportedAndRefused() throws SQLException {
        Migrations migrations = new Migrations(pool.dataSource());
        migrations.apply();
        Fixtures.execute(database, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

        Migrations.MigrationStatus status = migrations.check();

        assertThat(migrations.appliedIfCurrent()).isEmpty();
        assertThat(status.upToDate()).isFalse();
        assertThat(status.problems()).singleElement().asString().startsWith("version 1: ").contains("checksum");
        assertThatThrownBy(migrations::apply).isInstanceOf(Migrations.MigrationException.class)
                .hasMessageContaining("checksum");
    }
}
