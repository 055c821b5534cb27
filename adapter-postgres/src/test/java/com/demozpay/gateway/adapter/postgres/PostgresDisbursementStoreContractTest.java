package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.DisbursementStoreContract;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL store keeps the store's contract; what only PostgreSQL does is in PostgresDisbursementStoreTest. */
class PostgresDisbursementStoreContractTest extends DisbursementStoreContract {

    private static TestDatabase database;
    private static PostgresPool pool;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
        pool = database.openPool(4);
    }

    @AfterAll
    static void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    @Override
    protected DisbursementStore emptyStore() throws SQLException {
        Fixtures.emptyTables(database);
        return new PostgresDisbursementStore(pool.dataSource());
    }
}
