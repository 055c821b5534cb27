package com.demozpay.gateway.adapter.webhook;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Exact-path routing with the two refusals every listener gives alike: 404 for a path it does not
 * serve, 405 with {@code Allow} for a method the path does not take. Neither reads the request body.
 */
final class PathRouter implements HttpHandler {

    private record Route(List<HttpString> methods, HttpHandler handler) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();

    PathRouter route(String path, List<HttpString> methods, HttpHandler handler) {
        routes.put(path, new Route(List.copyOf(methods), handler));
        return this;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Route route = routes.get(exchange.getRequestPath());
        if (route == null) {
            refuse(exchange, 404, "{\"error\":\"not_found\"}");
            return;
        }
        if (!route.methods().contains(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW,
                    route.methods().stream().map(HttpString::toString).collect(Collectors.joining(", ")));
            refuse(exchange, 405, "{\"error\":\"method_not_allowed\"}");
            return;
        }
        route.handler().handleRequest(exchange);
    }

    private static void refuse(HttpServerExchange exchange, int status, String body) {
        if (!exchange.isRequestComplete()) {
            // A refused request's body is not drained, however large: the connection closes instead.
            exchange.setPersistent(false);
        }
        HttpAnswers.json(exchange, status, body);
    }
}
