package com.demozpay.gateway.adapter.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' listener: {@code GET /healthz} (200 while the process runs), {@code GET /readyz}
 * (200 or 503 after the {@link ReadinessReport} the app supplies, with each dependency's state) and
 * {@code GET /metrics} (the Prometheus text the app supplies). HEAD is served for each. The suppliers
 * may block (a database ping), so they run on worker threads.
 */
public final class UndertowAdminServer extends UndertowServer {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(UndertowAdminServer.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<HttpString> READ_METHODS = List.of(Methods.GET, Methods.HEAD);

    public UndertowAdminServer(ListenerSettings settings, Supplier<ReadinessReport> readiness, Supplier<String> metrics) {
        super("admin", settings, routes(Objects.requireNonNull(readiness, "readiness"),
                Objects.requireNonNull(metrics, "metrics")));
    }

    private static HttpHandler routes(Supplier<ReadinessReport> readiness, Supplier<String> metrics) {
        return new PathRouter()
                .route("/healthz", READ_METHODS, exchange -> HttpAnswers.json(exchange, 200, "{\"status\":\"up\"}"))
                .route("/readyz", READ_METHODS, offIoThread(exchange -> readyz(exchange, readiness)))
                .route("/metrics", READ_METHODS, offIoThread(exchange -> metrics(exchange, metrics)));
    }

    private static void readyz(HttpServerExchange exchange, Supplier<ReadinessReport> readiness) throws IOException {
        ReadinessReport report;
        try {
            report = readiness.get();
        } catch (RuntimeException e) {
            log.atWarn().setMessage("readiness check failed").addKeyValue("err", e.toString()).log();
            report = new ReadinessReport(false, Map.of());
        }
        StringWriter body = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(body)) {
            out.writeStartObject();
            out.writeStringField("status", report.ready() ? "up" : "down");
            out.writeObjectFieldStart("dependencies");
            for (Map.Entry<String, String> dependency : report.dependencies().entrySet()) {
                out.writeStringField(dependency.getKey(), dependency.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        HttpAnswers.json(exchange, report.ready() ? 200 : 503, body.toString());
    }

    private static void metrics(HttpServerExchange exchange, Supplier<String> metrics) {
        String text;
        try {
            text = metrics.get();
        } catch (RuntimeException e) {
            log.atError().setMessage("metrics scrape failed").addKeyValue("err", e.toString()).setCause(e).log();
            HttpAnswers.json(exchange, 500, "{\"error\":\"metrics_unavailable\"}");
            return;
        }
        HttpAnswers.send(exchange, 200, PROMETHEUS_TEXT, text);
    }

    /** The suppliers may block (a database ping): never on the IO thread. */
    private static HttpHandler offIoThread(HttpHandler handler) {
        return exchange -> exchange.dispatch(handler);
    }
}
