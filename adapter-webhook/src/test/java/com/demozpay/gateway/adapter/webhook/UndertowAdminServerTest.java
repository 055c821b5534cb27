package com.demozpay.gateway.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin port over real HTTP: liveness, readiness after the app's report, and the app's metrics text. */
class UndertowAdminServerTest {

    private static final ReadinessReport READY = new ReadinessReport(true, ordered("pg-gateway", "up", "dashen", "up"));

    private final AtomicReference<ReadinessReport> readiness = new AtomicReference<>(READY);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final UndertowAdminServer server = new UndertowAdminServer(
            new ListenerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 2), readiness::get, registry::scrape);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    @Test
    void healthzAnswers200WhileTheProcessRuns() throws Exception {
        // given
        readiness.set(new ReadinessReport(false, Map.of("pg-gateway", "down")));

        // when
        HttpResponse<String> get = send("GET", "/healthz");
        HttpResponse<String> head = send("HEAD", "/healthz");

        // then: liveness does not depend on the database
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(get.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void readyzFollowsTheReadinessReportWithEachDependencysState() throws Exception {
        // when
        HttpResponse<String> ready = send("GET", "/readyz");
        readiness.set(new ReadinessReport(false, ordered("pg-gateway", "down", "dashen", "up")));
        HttpResponse<String> notReady = send("GET", "/readyz");
        readiness.set(READY);
        HttpResponse<String> readyAgain = send("GET", "/readyz");

        // then
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"up\",\"dependencies\":{\"pg-gateway\":\"up\",\"dashen\":\"up\"}}");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"down\",\"dependencies\":{\"pg-gateway\":\"down\",\"dashen\":\"up\"}}");
        assertThat(readyAgain.statusCode()).isEqualTo(200);
    }

    @Test
    void readyzIsDownWhenTheReadinessCheckItselfFails() throws Exception {
        // given
        UndertowAdminServer failing = new UndertowAdminServer(new ListenerSettings("127.0.0.1", 0, Duration.ofSeconds(5), 1),
                () -> {
                    throw new IllegalStateException("pool closed");
                }, () -> "");
        failing.start();
        try {
            // when
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(failing.port(), "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"status\":\"down\",\"dependencies\":{}}");
        } finally {
            failing.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void dependencyNamesAndStatesAreEscapedAsJson() throws Exception {
        // given
        readiness.set(new ReadinessReport(false, Map.of("pg \"gateway\"", "down: connection\nrefused")));

        // when
        HttpResponse<String> response = send("GET", "/readyz");

        // then
        assertThat(response.body())
                .isEqualTo("{\"status\":\"down\",\"dependencies\":{\"pg \\\"gateway\\\"\":\"down: connection\\nrefused\"}}");
    }

    @Test
    void metricsServesTheAppsPrometheusTextWithItsContentType() throws Exception {
        // given
        Counter.builder("demozpay.test.answers").tag("outcome", "applied").register(registry).increment(3);

        // when
        HttpResponse<String> response = send("GET", "/metrics");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo(registry.scrape())
                .contains("demozpay_test_answers_total{outcome=\"applied\"} 3.0");
    }

    @Test
    void unknownPathsAnswer404AndOtherMethods405() throws Exception {
        // when
        HttpResponse<String> unknown = send("GET", "/webhooks/dashen");
        HttpResponse<String> post = send("POST", "/readyz");
        HttpResponse<String> delete = send("DELETE", "/metrics");

        // then
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(server.port(), path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Map<String, String> ordered(String... namesAndStates) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndStates.length; i += 2) {
            map.put(namesAndStates[i], namesAndStates[i + 1]);
        }
        return map;
    }
}
