package com.demozpay.gateway.chaos;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;

/**
 * One payment the platform asks for: its own idempotency key, product reference and beneficiary
 * account, so that the bank's books show at once whether a beneficiary was paid twice. A few accounts
 * end in 0000, which the sandbox refuses with 422 ({@code INVALID_ACCOUNT}): those must end FAILED.
 */
record Payment(int index, String key, String productReference, String account) {

    static final long AMOUNT_MINOR = 150_00;

    static Payment number(long seed, int index, boolean refusedByTheBank) {
        String account = String.format("1%07d%s", index, refusedByTheBank ? "00000" : "12345");
        return new Payment(index, "chaos-" + seed + "-" + index, "ewa-chaos-" + seed + "-" + index, account);
    }

    boolean refusedByTheBank() {
        return account.endsWith("0000");
    }

    InitiateDisbursementRequest request() {
        return InitiateDisbursementRequest.newBuilder()
                .setIdempotencyKey(key)
                .setProduct(Product.EWA)
                .setProductReference(productReference)
                .setAmount(Money.newBuilder().setAmountMinor(AMOUNT_MINOR).setCurrency("ETB"))
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(account).setAccountName("Chaos Beneficiary"))
                .setNarrative("Earned-wage advance")
                .build();
    }
}
