package com.demozpay.gateway.adapter.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database of its own and a pool on it, for one test class: register it as a static
 * {@code @RegisterExtension} field; it is created before the class's tests and dropped after them.
 */
final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private final int poolSize;
    private TestDatabase database;
    private PostgresPool pool;

    MigratedDatabase(int poolSize) {
        this.poolSize = poolSize;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.createMigrated();
        pool = database.openPool(poolSize);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    TestDatabase database() {
        return database;
    }

    PostgresPool pool() {
        return pool;
    }
}
