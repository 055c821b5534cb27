package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.IdempotencyKey;
import java.util.Objects;

/** Which disbursement to read, and whether to ask the bank first when it is not final. */
public record StatusQuery(Lookup lookup, boolean refresh) {

    public StatusQuery {
        Objects.requireNonNull(lookup, "lookup");
    }

    /** A disbursement is found by its id or by the caller's idempotency key. */
    public sealed interface Lookup {
        record ById(DisbursementId id) implements Lookup {
            @Override
            public String toString() {
                return "id " + id;
            }
        }

        record ByIdempotencyKey(IdempotencyKey key) implements Lookup {
            @Override
            public String toString() {
                return "idempotency_key " + key;
            }
        }
    }
}
