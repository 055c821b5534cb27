package com.demozpay.gateway.adapter.dashen.testing;

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

/** Disbursements as the gateway would hand them to the partner client. */
public final class TestDisbursements {

    public static final String GOOD_ACCOUNT = "1000123456";

    private TestDisbursements() {
    }

    public static Disbursement disbursement() {
        return disbursement(GOOD_ACCOUNT, 15000);
    }

    public static Disbursement disbursement(String account, long amountMinor) {
        return withId(new DisbursementId(UUID.randomUUID()), account, amountMinor);
    }

    public static Disbursement withId(DisbursementId id, String account, long amountMinor) {
        DisbursementRequest request = new DisbursementRequest(new IdempotencyKey("key-" + id), Product.EWA, "ewa-" + id,
                Money.etb(amountMinor), new Beneficiary(account, "Abebe Kebede"), Optional.of("wage advance"));
        return Disbursement.initiate(id, request, Instant.now());
    }
}
