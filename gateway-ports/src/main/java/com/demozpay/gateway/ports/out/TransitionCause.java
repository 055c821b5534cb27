package com.demozpay.gateway.ports.out;

import java.util.Objects;
import java.util.Optional;

/** The source of a transition and, for callbacks, the bank's event id: written with its log row. */
public record TransitionCause(TransitionSource source, Optional<String> partnerEventId) {

    public TransitionCause {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(partnerEventId, "partnerEventId");
    }

    public static TransitionCause of(TransitionSource source) {
        return new TransitionCause(source, Optional.empty());
    }

    public static TransitionCause callback(String eventId) {
        return new TransitionCause(TransitionSource.WEBHOOK, Optional.of(eventId));
    }
}
