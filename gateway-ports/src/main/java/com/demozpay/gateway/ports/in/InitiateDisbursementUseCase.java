package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;

/**
 * Starts a disbursement, or returns the one already started under the same idempotency key. It is
 * stored before anything is sent, and the bank only ever sees its id as the reference, so retries
 * can never pay twice.
 */
public interface InitiateDisbursementUseCase {

    /**
     * Returns the disbursement as stored after this call (new, or the one already started under the key).
     *
     * @throws com.demozpay.gateway.domain.InvalidRequestException when a field breaks a rule (nothing stored)
     * @throws com.demozpay.gateway.domain.IdempotencyConflictException when the key was used for another request
     * @throws PartnerUnavailableException when the bank definitely did not receive it (retry with the same key)
     * @throws com.demozpay.gateway.ports.out.StoreUnavailableException when the database cannot be reached
     */
    Disbursement initiate(DisbursementDraft draft);
}
