package com.demozpay.gateway.testing;

import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.DisbursementStoreContract;

/** The in-memory store keeps the store's contract, so the use-case tests that run on it mean something. */
class InMemoryDisbursementStoreTest extends DisbursementStoreContract {

    @Override
    protected DisbursementStore emptyStore() {
        return new InMemoryDisbursementStore();
    }
}
