package com.demozpay.gateway.adapter.webhook;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** Writes the small answers both listeners give. */
final class HttpAnswers {

    static final String JSON = "application/json";

    private HttpAnswers() {
    }

    static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    static void json(HttpServerExchange exchange, int status, String body) {
        send(exchange, status, JSON, body);
    }
}
