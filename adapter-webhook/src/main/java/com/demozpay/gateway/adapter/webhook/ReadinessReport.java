package com.demozpay.gateway.adapter.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the gateway can serve, and the state of each dependency it needs (for example
 * {@code "pg-gateway" -> "up"}), as {@code /readyz} shows it. Dependencies keep the order given.
 */
public record ReadinessReport(boolean ready, Map<String, String> dependencies) {

    public ReadinessReport {
        Objects.requireNonNull(dependencies, "dependencies");
        dependencies = Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
    }
}
