package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.DisbursementId;
import java.util.UUID;

/** Where new disbursement ids come from. */
public interface IdGenerator {

    DisbursementId next();

    /** Random (version 4) UUIDs. */
    static IdGenerator randomUuids() {
        return () -> new DisbursementId(UUID.randomUUID());
    }
}
