package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.Disbursement;

/**
 * Reads a disbursement. When it is not final and a refresh is asked for (or it has not changed for a
 * while), the bank is asked first and its answer applied; if the bank cannot answer, the stored state
 * is returned, never an error.
 */
public interface GetDisbursementStatusUseCase {

    /**
     * Returns the disbursement the query names, refreshed from the bank when due.
     *
     * @throws DisbursementNotFoundException when no disbursement matches
     * @throws com.demozpay.gateway.ports.out.StoreUnavailableException when the database cannot be reached
     */
    Disbursement getStatus(StatusQuery query);
}
