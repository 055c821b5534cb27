package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.PartnerEvent;
import java.util.Objects;

/** The bank's answer to "where does this transfer stand?". */
public sealed interface TransferLookup {

    /** The bank has the transfer and reports this. */
    record Found(PartnerEvent event) implements TransferLookup {
        public Found {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The bank has no record of this reference. */
    record NotFound() implements TransferLookup {
    }

    /** No usable answer (unreachable, timeout, 5xx): nothing can be concluded. */
    record Unavailable(String cause) implements TransferLookup {
    }
}
