package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.testing.Eventually;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database turning read-only under the gateway, as after a failover leaves it talking to a standby:
 * made real with {@code ALTER DATABASE … SET default_transaction_read_only = on} and every session
 * ended, so each new connection the pool makes refuses writes with SQLState 25006.
 */
class ReadOnlyDatabaseTest {

    private static TestDatabase database;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @AfterEach
    void writableAgain() {
        database.setReadOnly(false);
    }

    @Test
    void probeSaysNotReadyWhileTheDatabaseIsReadOnlyAndReadyOnceItIsWritable() {
        try (PostgresPool pool = database.openPool(2)) {
            assertThat(pool.isWritable()).isTrue();

            database.setReadOnly(true);
            assertThat(pool.isWritable()).as("probe on a read-only database").isFalse();

            database.setReadOnly(false);
            assertThat(pool.isWritable()).isTrue();
        }
    }

    @Test
    void writesToAReadOnlyDatabaseAreStoreUnavailableAndReadsStillWork() {
        try (PostgresPool pool = database.openPool(2)) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
            CallbackInbox inbox = new PostgresCallbackInbox(pool.dataSource());
            var stored = store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement();

            database.setReadOnly(true);

            assertThatThrownBy(() -> store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("read-only");
            String eventId = "evt-" + UUID.randomUUID();
            assertThatThrownBy(() -> PostgresCallbackInboxTest.processUnmatched(inbox, eventId, "ref", Fixtures.T0))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(store.findById(stored.id())).as("a standby still answers reads").isPresent();
        }
    }

    /**
     * A connection opened while the database was read-only stays read-only for its whole life: without
     * being dropped, it would keep refusing writes long after the failover completed.
     */
    @Test
    void writesSucceedAgainOnceTheDatabaseIsWritableWithoutRestartingThePool() {
        try (PostgresPool pool = database.openPool(2)) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
            database.setReadOnly(true);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)))
                        .isInstanceOf(StoreUnavailableException.class);
            }

            database.setReadOnly(false);

            Eventually.within(Duration.ofSeconds(10), () ->
                    assertThat(store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement()).isNotNull());
        }
    }

    private static String key() {
        return "ro-" + UUID.randomUUID();
    }
}
