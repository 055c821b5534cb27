package com.demozpay.gateway.app.config;

import java.util.List;

/**
 * The environment does not describe a gateway that can start. Every problem found is listed; the
 * message names variables and rules, never a value (values may be secrets).
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
