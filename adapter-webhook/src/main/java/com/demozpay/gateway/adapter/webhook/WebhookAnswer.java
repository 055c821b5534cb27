package com.demozpay.gateway.adapter.webhook;

import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.in.CallbackRejectedException;
import com.demozpay.gateway.ports.out.StoreUnavailableException;

/**
 * Every answer the webhook gives the bank, and the one place that maps what happened to it. The bank
 * retries anything but a 2xx, so only what a retry could fix is refused: an anomaly is recorded and
 * answered 200 (retrying would not change it), an unavailable store 503 (retrying will).
 */
enum WebhookAnswer {
    APPLIED(200),
    DUPLICATE(200),
    NO_CHANGE(200),
    ANOMALY(200),
    UNMATCHED(202),
    MALFORMED(400),
    UNAUTHENTICATED(401),
    TOO_LARGE(413),
    STORE_UNAVAILABLE(503),
    ERROR(500);

    private final int status;
    private final String label;
    private final String body;

    WebhookAnswer(int status) {
        this.status = status;
        this.label = name().toLowerCase(java.util.Locale.ROOT);
        this.body = "{\"outcome\":\"" + label + "\"}";
    }

    static WebhookAnswer of(CallbackOutcome outcome) {
        return switch (outcome) {
            case APPLIED -> APPLIED;
            case DUPLICATE -> DUPLICATE;
            case NO_CHANGE -> NO_CHANGE;
            case ANOMALY -> ANOMALY;
            case UNMATCHED -> UNMATCHED;
        };
    }

    static WebhookAnswer of(RuntimeException failure) {
        if (failure instanceof CallbackRejectedException rejected) {
            return switch (rejected.reason()) {
                case UNAUTHENTICATED -> UNAUTHENTICATED;
                case MALFORMED -> MALFORMED;
            };
        }
        return failure instanceof StoreUnavailableException ? STORE_UNAVAILABLE : ERROR;
    }

    int status() {
        return status;
    }

    /** The {@code outcome} tag and log value: lower snake case. */
    String label() {
        return label;
    }

    String body() {
        return body;
    }
}
