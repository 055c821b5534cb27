package com.demozpay.gateway.adapter.grpc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The log events of every logger while a test runs, with their slf4j key-values. */
final class CapturedLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        // Appenders append under their own lock; copying under it avoids reading a list being written.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    List<Map<String, Object>> keyValuesOf(String message) {
        return events().stream().filter(e -> message.equals(e.getMessage())).map(CapturedLogs::keyValues).toList();
    }

    /** Polls for an event matching {@code wanted}: some lines are written after the client has its answer. */
    Map<String, Object> awaitKeyValues(String message, Predicate<Map<String, Object>> wanted) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(giveUp)) {
            var found = keyValuesOf(message).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line \"" + message + "\" as wanted in " + events());
    }

    static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                values.put(pair.key, pair.value);
            }
        }
        return values;
    }

    /** Everything a log line carries: its message, key-values and the cause's text. */
    static String fullText(ILoggingEvent event) {
        String cause = event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage();
        return event.getFormattedMessage() + " " + keyValues(event) + " " + cause;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
