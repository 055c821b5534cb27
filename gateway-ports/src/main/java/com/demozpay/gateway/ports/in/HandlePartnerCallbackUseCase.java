package com.demozpay.gateway.ports.in;

/**
 * Verifies a callback from the bank, de-duplicates it by event id and applies it to its disbursement.
 */
public interface HandlePartnerCallbackUseCase {

    /**
     * Returns what became of the callback: applied, a duplicate, no change, an anomaly or unmatched.
     *
     * @throws CallbackRejectedException when the signature or the body is not acceptable (nothing is stored)
     * @throws com.demozpay.gateway.ports.out.StoreUnavailableException when the database cannot be reached
     *     (nothing is lost: the bank retries)
     */
    CallbackOutcome handle(RawCallback callback);
}
