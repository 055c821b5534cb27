package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard ask only for metrics the gateway exports, and the probes only for
 * paths its admin listener serves: checked against the packaged gateway running on a fresh database
 * with the sandbox bank, after it has paid one disbursement (so the series that appear on first use
 * exist), by scraping its /metrics.
 */
class AlertMetricsIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Series that appear only after an event this test does not cause (an anomaly, a 401 from the bank).
     * Each is checked against the Micrometer meter the code registers instead, under Prometheus's naming.
     */
    private static final Map<String, String> FIRST_EVENT_ONLY = Map.of(
            "demozpay_disbursement_anomalies_total", "demozpay.disbursement.anomalies",
            "demozpay_partner_signature_rejected_total", "demozpay.partner.signature.rejected");
    /** kube-state-metrics' series: a pod that cannot boot exports nothing of its own. */
    private static final Set<String> KUBERNETES = Set.of(
            "kube_pod_container_status_waiting_reason", "kube_pod_init_container_status_waiting_reason",
            "kube_job_status_failed");

    private static TestDatabase database;
    private static Sandbox bank;
    private static Process gateway;
    private static Path gatewayOutput;
    private static int adminPort;
    private static Set<String> exported;

    @BeforeAll
    static void startGatewayAndPayOneDisbursement() throws IOException, InterruptedException {
        database = TestDatabase.create();
        int grpcPort = FreePorts.pick();
        int webhookPort = FreePorts.pick();
        adminPort = FreePorts.pick();
        bank = Sandbox.start(webhookPort);
        gatewayOutput = Files.createTempFile("gateway-alert-metrics", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", Repo.gatewayJar().toString(), "serve")
                .redirectErrorStream(true).redirectOutput(gatewayOutput.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(Map.of(
                "GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                "GATEWAY_DASHEN_BASE_URL", bank.baseUrl(),
                "GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true",
                "GATEWAY_DASHEN_SIGNING_KEY", bank.signingKey,
                "GATEWAY_GRPC_PORT", "" + grpcPort,
                "GATEWAY_WEBHOOK_PORT", "" + webhookPort,
                "GATEWAY_ADMIN_PORT", "" + adminPort));
        gateway = builder.start();
        SmokeClient.awaitReady(adminPort, LIMIT, () -> gateway.isAlive() ? null : output());
        SmokeClient.payOneDisbursement(grpcPort, LIMIT);
        exported = SmokeClient.metricNames(adminPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor();
        }
        if (bank != null) {
            bank.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyMetricTheAlertRulesUseIsOneTheGatewayExports() {
        Map<String, Set<String>> used = new TreeMap<>();
        for (JsonNode group : Kustomize.one(Kustomize.objects("base"), "PrometheusRule", "gateway").path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                used.put(rule.path("alert").asText(), PromQl.metricNames(rule.path("expr").asText()));
            }
        }

        assertThat(used).isNotEmpty();
        used.forEach((alert, metrics) -> assertThat(metrics).as(alert).isNotEmpty().allSatisfy(this::assertExported));
    }

    @Test
    void everyMetricTheDashboardShowsIsOneTheGatewayExports() throws IOException {
        JsonNode dashboard = JSON.readTree(Repo.k8s("base/grafana-dashboard.json").toFile());
        List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();

        assertThat(expressions).isNotEmpty();
        assertThat(expressions.stream().flatMap(e -> PromQl.metricNames(e).stream()).collect(Collectors.toSet()))
                .allSatisfy(this::assertExported);
    }

    @Test
    void everyProbePathOfTheDeploymentAnswers200OnTheAdminListener() {
        JsonNode pod = Kustomize.one(Kustomize.objects("base"), "Deployment", "gateway").path("spec").path("template").path("spec");
        Set<String> paths = new TreeSet<>();
        pod.path("containers").forEach(container -> Stream.of("startupProbe", "livenessProbe", "readinessProbe")
                .map(probe -> container.path(probe).path("httpGet").path("path").asText())
                .filter(path -> !path.isEmpty()).forEach(paths::add));

        assertThat(paths).contains("/healthz", "/readyz");
        assertThat(paths).allSatisfy(path -> assertThat(SmokeClient.status(adminPort, path)).as(path).isEqualTo(200));
        assertThat(SmokeClient.status(adminPort, "/no-such-path")).as("the check can fail").isNotEqualTo(200);
    }

    @Test
    void theMetricCheckRefusesANameTheGatewayDoesNotExport() {
        assertThat(exported).doesNotContain("demozpay_no_such_metric");
        assertThat(PromQl.metricNames("sum by (pod) (rate(demozpay_no_such_metric{a=\"b\"}[5m])) > 0 and on() up == 1"))
                .containsExactlyInAnyOrder("demozpay_no_such_metric", "up");
    }

    private void assertExported(String metric) {
        if (KUBERNETES.contains(metric)) {
            return;
        }
        if (FIRST_EVENT_ONLY.containsKey(metric)) {
            String meter = FIRST_EVENT_ONLY.get(metric);
            assertThat(new PrometheusNamingConvention().name(meter, Meter.Type.COUNTER) + "_total").isEqualTo(metric);
            assertThat(mainSourcesMentioning("\"" + meter + "\"")).as("a registration of " + meter).isNotEmpty();
            return;
        }
        assertThat(exported).as("the gateway's /metrics after one disbursement").contains(metric);
    }

    /** The production sources of every module ({@code <module>/src/main/java}) that contain {@code literal}. */
    private static List<Path> mainSourcesMentioning(String literal) {
        try (Stream<Path> modules = Files.list(Repo.root())) {
            return modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                    .flatMap(AlertMetricsIT::javaFiles).filter(p -> read(p).contains(literal)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String output() {
        return read(gatewayOutput);
    }
}
