package com.demozpay.gateway.testing;

import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.testing.contract.CallbackInboxContract;

/** The in-memory inbox keeps the inbox's contract. */
class InMemoryCallbackInboxTest extends CallbackInboxContract {

    private final InMemoryDisbursementStore store = new InMemoryDisbursementStore();

    @Override
    protected CallbackInbox inbox() {
        return new InMemoryCallbackInbox(store);
    }

    @Override
    protected DisbursementStore storeBesideTheInbox() {
        return store;
    }
}
