package com.demozpay.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code GATEWAY_LOG_LEVEL} once the configuration has been checked. */
final class LogLevels {

    private LogLevels() {
    }

    static void setRoot(String level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(level));
        }
    }
}
