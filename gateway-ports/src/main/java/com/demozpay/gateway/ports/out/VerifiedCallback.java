package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.PartnerEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A callback whose signature was checked and whose body was read: the bank's event id, the reference
 * it names (our disbursement id, as text: it may match nothing) and what it reports.
 */
public record VerifiedCallback(String eventId, String reference, PartnerEvent event, Instant occurredAt) {

    public VerifiedCallback {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
