package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.service.LeasePolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * The core over in-memory ports, for tests that drive it through an adapter or directly: a hand-moved
 * clock (which also times the store's leases), an in-memory store and inbox, and a scripted bank.
 * {@link #builder()} is {@link DisbursementGateway#builder()} with these ports and test defaults already
 * set; a test changes what it needs (a callback verifier, a partner, a policy) and builds.
 */
public final class InMemoryGateway {

    /** Long enough that no test sees a lease end unless it moves the clock past it. */
    public static final LeasePolicy LEASE = new LeasePolicy(Duration.ofMinutes(2), Duration.ofSeconds(20));
    /** 1,000,000.00 ETB. */
    public static final DisbursementLimits LIMITS = new DisbursementLimits(100_000_000);

    private final MutableClock clock;
    private final InMemoryDisbursementStore store;
    private final InMemoryCallbackInbox inbox;
    private final ScriptedPartnerClient partner = new ScriptedPartnerClient();

    public InMemoryGateway(Instant start) {
        this.clock = new MutableClock(start);
        this.store = new InMemoryDisbursementStore(clock);
        this.inbox = new InMemoryCallbackInbox(store);
    }

    /**
     * The builder with the in-memory ports, the clock, {@link #LIMITS} and {@link #LEASE}; every callback
     * is refused as unauthenticated until a test sets a verifier.
     */
    public DisbursementGateway.Builder builder() {
        return DisbursementGateway.builder()
                .store(store)
                .inbox(inbox)
                .partner(partner)
                .callbackVerifier(raw -> {
                    throw new CallbackRejectedException(CallbackRejectedException.Reason.UNAUTHENTICATED,
                            "this test set no callback verifier");
                })
                .clock(clock)
                .limits(LIMITS)
                .leasePolicy(LEASE);
    }

    public MutableClock clock() {
        return clock;
    }

    public InMemoryDisbursementStore store() {
        return store;
    }

    public InMemoryCallbackInbox inbox() {
        return inbox;
    }

    public ScriptedPartnerClient partner() {
        return partner;
    }
}
