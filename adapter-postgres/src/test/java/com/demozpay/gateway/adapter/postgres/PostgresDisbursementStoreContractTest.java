package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.DisbursementStoreContract;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store keeps the store's contract; what only PostgreSQL does is in PostgresDisbursementStoreTest. */
class PostgresDisbursementStoreContractTest extends DisbursementStoreContract {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(4);

    @Override
    protected DisbursementStore emptyStore() throws SQLException {
        Fixtures.emptyTables(DATABASE.database());
        return new PostgresDisbursementStore(DATABASE.pool().dataSource());
    }
}
