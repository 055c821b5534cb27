package com.demozpay.gateway.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line: {@code time}, {@code level}, {@code msg},
 * {@code logger}, {@code thread}, then every slf4j key-value pair as a top-level key ({@code err},
 * {@code disbursement_id}, {@code rpc}, …), then {@code err} and {@code stack} for an attached
 * exception. Operators grep and index these keys, so their names are part of the runbook.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final Set<String> RESERVED = Set.of("time", "level", "msg", "logger", "thread", "stack");
    private static final byte[] NO_BYTES = new byte[0];

    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] footerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator out = json.createGenerator(line)) {
            out.writeStartObject();
            out.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())));
            out.writeStringField("level", event.getLevel().toString());
            out.writeStringField("msg", event.getFormattedMessage());
            out.writeStringField("logger", event.getLoggerName());
            out.writeStringField("thread", event.getThreadName());
            Set<String> written = new HashSet<>(RESERVED);
            writePairs(out, event.getKeyValuePairs(), written);
            writeMdc(out, event.getMDCPropertyMap(), written);
            writeThrowable(out, event.getThrowableProxy(), written);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    private static void writePairs(JsonGenerator out, List<KeyValuePair> pairs, Set<String> written) throws IOException {
        if (pairs == null) {
            return;
        }
        for (KeyValuePair pair : pairs) {
            // A null value means "not known here": the key is left out rather than written as null.
            if (pair.value != null && written.add(pair.key)) {
                out.writeFieldName(pair.key);
                writeValue(out, pair.value);
            }
        }
    }

    private static void writeMdc(JsonGenerator out, Map<String, String> mdc, Set<String> written) throws IOException {
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            if (written.add(entry.getKey())) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void writeThrowable(JsonGenerator out, IThrowableProxy throwable, Set<String> written)
            throws IOException {
        if (throwable == null) {
            return;
        }
        if (written.add("err")) {
            out.writeStringField("err", throwable.getClassName() + ": " + throwable.getMessage());
        }
        out.writeStringField("stack", ThrowableProxyUtil.asString(throwable));
    }

    private static void writeValue(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Integer || value instanceof Long) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            out.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else {
            out.writeString(value.toString());
        }
    }
}
