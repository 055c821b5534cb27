package com.demozpay.gateway.adapter.postgres;

import org.jdbi.v3.core.HandleCallback;

/**
 * Runs a query in a transaction the database itself holds read-only: an operator's question can never
 * change a row, whatever the SQL says.
 */
final class ReadOnly {

    private ReadOnly() {
    }

    static <T> T query(JdbiCalls calls, String operation, HandleCallback<T, RuntimeException> work) {
        return calls.inTransaction(operation, handle -> {
            handle.execute("SET TRANSACTION READ ONLY");
            return work.withHandle(handle);
        });
    }
}
