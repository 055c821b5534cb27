package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.CallbackInboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL inbox keeps the inbox's contract; its rows are checked in PostgresCallbackInboxTest. */
class PostgresCallbackInboxContractTest extends CallbackInboxContract {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(2);

    @Override
    protected CallbackInbox inbox() {
        return new PostgresCallbackInbox(DATABASE.pool().dataSource());
    }

    @Override
    protected DisbursementStore storeBesideTheInbox() {
        return new PostgresDisbursementStore(DATABASE.pool().dataSource());
    }
}
