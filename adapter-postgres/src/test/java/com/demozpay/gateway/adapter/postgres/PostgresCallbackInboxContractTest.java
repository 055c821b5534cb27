package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.CallbackInboxContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL inbox keeps the inbox's contract; its rows are checked in PostgresCallbackInboxTest. */
class PostgresCallbackInboxContractTest extends CallbackInboxContract {

    private static TestDatabase database;
    private static PostgresPool pool;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
        pool = database.openPool(2);
    }

    @AfterAll
    static void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    @Override
    protected CallbackInbox inbox() {
        return new PostgresCallbackInbox(pool.dataSource());
    }

    @Override
    protected DisbursementStore storeBesideTheInbox() {
        return new PostgresDisbursementStore(pool.dataSource());
    }
}
