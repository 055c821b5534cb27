package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.BankAnswer;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.OperatorResolution;

/**
 * An operator ends a disbursement by hand: the bank is asked first, the rules of
 * {@link OperatorResolution} weigh its answer, and an allowed move is written with its audit to the
 * transition log. Nothing changes on a refusal.
 */
public interface ResolveDisbursementUseCase {

    /**
     * @throws DisbursementNotFoundException when no disbursement has this id
     * @throws com.demozpay.gateway.ports.out.StoreUnavailableException when the database cannot be reached
     */
    Resolution resolve(DisbursementId id, OperatorResolution request);

    /** What was done, always with the bank's answer. */
    sealed interface Resolution {
        BankAnswer bank();

        /** Moved {@code before → after}; {@code overridden} when the bank's answer did not confirm it. */
        record Resolved(Disbursement before, Disbursement after, BankAnswer bank, boolean overridden)
                implements Resolution {
        }

        /** Nothing changed, for this reason; {@code current} is the disbursement as it stands. */
        record Refused(Disbursement current, BankAnswer bank, OperatorResolution.Refusal refusal, String detail)
                implements Resolution {
        }
    }
}
