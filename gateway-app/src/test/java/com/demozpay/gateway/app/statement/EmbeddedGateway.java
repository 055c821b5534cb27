package com.demozpay.gateway.app.statement;

import com.demozpay.gateway.adapter.dashen.DashenCallbackVerifier;
import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.postgres.PostgresCallbackInbox;
import com.demozpay.gateway.adapter.postgres.PostgresDisbursementStore;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.StatusQuery;
import com.demozpay.gateway.ports.service.LeasePolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The gateway's core on a real database and the sandbox bank, without its servers: what the statement
 * tests disburse through. Callbacks are off in their sandbox, so a status read with refresh is what
 * brings a disbursement up to the bank's state.
 */
final class EmbeddedGateway implements AutoCloseable {

    static final String ACCOUNT = "1000123456789";

    private final PostgresPool pool;
    private final DashenPartnerClient partner;
    private final DisbursementGateway core;
    private final PostgresDisbursementStore store;

    EmbeddedGateway(TestDatabase database, URI bank, DashenSigningKey key) {
        this.pool = database.openPool(4);
        Duration timeout = Duration.ofSeconds(3);
        this.partner = new DashenPartnerClient(new DashenSettings(bank, key, timeout, timeout, 4, true), Clock.systemUTC());
        this.store = new PostgresDisbursementStore(pool.dataSource());
        this.core = DisbursementGateway.builder()
                .store(store)
                .inbox(new PostgresCallbackInbox(pool.dataSource()))
                .partner(partner)
                .callbackVerifier(new DashenCallbackVerifier(key, Optional.empty(), Clock.systemUTC()))
                .limits(new DisbursementLimits(10_000_000))
                .leasePolicy(LeasePolicy.forCallsOf(Duration.ofSeconds(20), timeout.plus(timeout)))
                .build();
    }

    static DisbursementDraft draft(String key, long amountMinor) {
        return new DisbursementDraft(key, Product.EWA, "ewa-" + key, amountMinor, "ETB", ACCOUNT, "Abebe Kebede",
                "advance");
    }

    Disbursement initiate(String key, long amountMinor) {
        return core.initiate().initiate(draft(key, amountMinor));
    }

    /** Stores an INITIATED disbursement under {@code key} and sends nothing. */
    Disbursement storeWithoutSending(String key, long amountMinor) {
        DisbursementRequest request = draft(key, amountMinor).validate(new DisbursementLimits(10_000_000));
        return store.insertIfAbsent(Disbursement.initiate(new DisbursementId(UUID.randomUUID()), request,
                Instant.now())).disbursement();
    }

    /** Asks the bank now, and applies its answer. */
    Disbursement refresh(Disbursement disbursement) {
        return core.status().getStatus(new StatusQuery(new StatusQuery.Lookup.ById(disbursement.id()), true));
    }

    /** Asks the bank now about the disbursement under {@code key}, and applies its answer. */
    Disbursement refresh(String key) {
        return core.status().getStatus(new StatusQuery(new StatusQuery.Lookup.ByIdempotencyKey(new IdempotencyKey(key)),
                true));
    }

    @Override
    public void close() {
        core.close();
        partner.close();
        pool.close();
    }
}
