package com.demozpay.gateway.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The log events written while a test runs, of one class ({@link #of}) or of the whole JVM ({@link #all}),
 * with their slf4j key-values: the gateway logs one event per line with fields as keys, and tests assert
 * on those fields. Close to detach.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /** The events of {@code source}'s logger. */
    public static CapturedLogs of(Class<?> source) {
        return new CapturedLogs((Logger) LoggerFactory.getLogger(source));
    }

    /** The events of every logger, the libraries' included. */
    public static CapturedLogs all() {
        return new CapturedLogs((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    public List<ILoggingEvent> events() {
        // The appender appends under its own lock; copying under it avoids reading a list being written.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The events with {@code message}, each as its key-values. */
    public List<Map<String, Object>> keyValuesOf(String message) {
        return events().stream().filter(e -> message.equals(e.getMessage()))
                .map(CapturedLogs::keyValues)
                .collect(Collectors.toList());
    }

    /** Polls for an event with {@code message} matching {@code wanted}: some lines are written after the answer. */
    public Map<String, Object> awaitKeyValues(String message, Predicate<Map<String, Object>> wanted) {
        return Eventually.await("a log line \"" + message + "\" as wanted", Duration.ofSeconds(5),
                () -> keyValuesOf(message).stream().filter(wanted).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    public static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                values.put(pair.key, pair.value);
            }
        }
        return values;
    }

    /** Everything one event carries: its message, key-values and the cause's message. */
    public static String fullText(ILoggingEvent event) {
        String cause = event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage();
        return event.getFormattedMessage() + " " + keyValues(event) + " " + cause;
    }

    /** All that was logged, as one text: messages, key-values and whole stack traces. */
    public String everything() {
        return events().stream().map(CapturedLogs::render).collect(Collectors.joining("\n"));
    }

    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        keyValues(event).forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
        if (event.getThrowableProxy() != null) {
            text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return text.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
