package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.Disbursement;

/**
 * Reads a disbursement. When it is not final and a refresh is asked for (or it has not changed for a
 * while), the bank is asked first and its answer applied; if the bank cannot answer, the stored state
 * is returned, never an error.
 *
 * @throws DisbursementNotFoundException when no disbursement matches
 * @throws com.demozpay.gateway.ports.out.StoreUnavailableException when the database cannot be reached
 */
public interface GetDisbursementStatusUseCase {

    Disbursement getStatus(StatusQuery query);
}
