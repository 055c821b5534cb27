package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerOutcome;

/**
 * The bank. Implementations never retry a submit on their own (the caller decides, and the bank
 * de-duplicates by reference) and never throw for anything the network or the bank does: every
 * answer is classified.
 */
public interface PartnerClient {

    /** Sends the transfer, with the disbursement id as its reference. */
    PartnerOutcome submit(Disbursement disbursement);

    /** Asks the bank where the transfer with this reference stands. */
    TransferLookup lookup(DisbursementId reference);
}
