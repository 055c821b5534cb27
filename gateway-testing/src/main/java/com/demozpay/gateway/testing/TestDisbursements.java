package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.Product;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** New INITIATED disbursements as the core would store them and hand them to the partner client. */
public final class TestDisbursements {

    public static final String GOOD_ACCOUNT = "1000123456";

    private TestDisbursements() {
    }

    /** A new one with a random id, 150.00 ETB to {@link #GOOD_ACCOUNT}, created now. */
    public static Disbursement disbursement() {
        return disbursement(GOOD_ACCOUNT, 15000);
    }

    public static Disbursement disbursement(String account, long amountMinor) {
        return withId(new DisbursementId(UUID.randomUUID()), account, amountMinor);
    }

    public static Disbursement withId(DisbursementId id, String account, long amountMinor) {
        return Disbursement.initiate(id, request("key-" + id, account, amountMinor), Instant.now());
    }

    /** A new one with a random id under {@code idempotencyKey}, created at {@code at}. */
    public static Disbursement initiated(String idempotencyKey, Instant at) {
        return Disbursement.initiate(new DisbursementId(UUID.randomUUID()),
                request(idempotencyKey, GOOD_ACCOUNT, 15000), at);
    }

    private static DisbursementRequest request(String idempotencyKey, String account, long amountMinor) {
        return new DisbursementRequest(new IdempotencyKey(idempotencyKey), Product.EWA, "ewa-" + idempotencyKey,
                Money.etb(amountMinor), new Beneficiary(account, "Abebe Kebede"), Optional.of("wage advance"));
    }
}
