package com.demozpay.gateway.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLineEncoderTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    private LoggingEvent event(String message) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(context);
        event.setLoggerName("com.demozpay.gateway.app.Main");
        event.setLevel(Level.ERROR);
        event.setMessage(message);
        event.setThreadName("main");
        event.setTimeStamp(1_764_000_000_123L);
        return event;
    }

    @Test
    void writesOneLineWithKeyValuesAsTopLevelKeys() throws Exception {
        LoggingEvent event = event("config load failed");
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("err", "GATEWAY_DASHEN_SIGNING_KEY is required"));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("attempt", 3));
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("webhook_id", null));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("msg").asText()).isEqualTo("config load failed");
        assertThat(json.get("err").asText()).isEqualTo("GATEWAY_DASHEN_SIGNING_KEY is required");
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get("time").asText()).isEqualTo("2025-11-24T16:00:00.123Z");
        assertThat(json.get("logger").asText()).isEqualTo("com.demozpay.gateway.app.Main");
        assertThat(json.get("attempt").asInt()).isEqualTo(3);
        assertThat(json.has("webhook_id")).isFalse();
    }

    @Test
    void aKeyValueCannotOverwriteTheReservedFields() throws Exception {
        LoggingEvent event = event("real message");
        event.addKeyValuePair(new org.slf4j.event.KeyValuePair("msg", "forged"));

        JsonNode json = new ObjectMapper().readTree(encoder.encode(event));

        assertThat(json.get("msg").asText()).isEqualTo("real message");
    }

    @Test
    void messagesWithQuotesAndNewlinesStayOneValidLine() throws Exception {
        String line = new String(encoder.encode(event("a \"quoted\"\nmulti-line message")), StandardCharsets.UTF_8);

        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(new ObjectMapper().readTree(line).get("msg").asText()).isEqualTo("a \"quoted\"\nmulti-line message");
    }
}
