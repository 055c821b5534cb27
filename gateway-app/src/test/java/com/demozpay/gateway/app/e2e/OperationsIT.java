package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.postgres.TcpProxy;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What an operator and Kubernetes see of one running gateway: liveness, readiness, gRPC health and the
 * metrics while all is well; then its database made unreachable (through a proxy the test cuts) and
 * reachable again, which the gateway must notice and recover from by itself; then a SIGTERM. The tests
 * run in order against the one process, as those events happen to a pod.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final String KEY = SigningKeys.random();
    private static final String SERVICE = DisbursementGatewayGrpc.SERVICE_NAME;
    private static final Duration NOTICE_WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase database;
    private static TcpProxy proxy;
    private static DashenSandbox bank;
    private static GatewayProcess gateway;
    private static ManagedChannel channel;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Integer> ports = new HashMap<>();
    private static Disbursement settled;

    @BeforeAll
    static void startGatewayBehindACuttableDatabase() {
        database = TestDatabase.create();
        proxy = database.startProxy();
        ports.put("GATEWAY_GRPC_PORT", FreePorts.pick());
        ports.put("GATEWAY_WEBHOOK_PORT", FreePorts.pick());
        ports.put("GATEWAY_ADMIN_PORT", FreePorts.pick());
        bank = DashenSandbox.start(SandboxSettings.defaults(DashenSigningKey.parse(KEY))
                .withWebhookUrl(URI.create("http://127.0.0.1:" + ports.get("GATEWAY_WEBHOOK_PORT") + "/webhooks/dashen"))
                .withDelays(Duration.ofMillis(200), Duration.ofMillis(200)), new SandboxFaults());

        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATABASE_URL", database.postgresConnectionStringThrough(proxy));
        env.put("GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString());
        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", KEY);
        env.put("GATEWAY_DB_POOL_SIZE", "4");
        env.put("GATEWAY_DB_CONNECT_TIMEOUT", "1s");
        env.put("GATEWAY_SHUTDOWN_GRACE", "2s");
        ports.forEach((variable, port) -> env.put(variable, String.valueOf(port)));
        gateway = GatewayProcess.start(env);
        gateway.awaitStarted(Duration.ofSeconds(90));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", ports.get("GATEWAY_GRPC_PORT")).usePlaintext().build();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (bank != null) {
            bank.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void servesLivenessReadinessAndGrpcHealthWhileTheDatabaseAnswers() {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode report = json(ready);
        assertThat(report.path("status").asText()).isEqualTo("up");
        assertThat(report.path("dependencies").path("database").asText()).isEqualTo("up");
        assertThat(report.path("dependencies").path("dashen").asText()).isEqualTo("up");

        assertThat(health("")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(SERVICE)).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    @Order(2)
    void metricsShowDependenciesTrafficTransitionsOpenDisbursementsAndTheJvm() {
        settled = initiate("1000123456");
        Eventually.within(NOTICE_WITHIN, () -> assertThat(status(settled.getId()).getStatus())
                .isEqualTo(DisbursementStatus.SETTLED));
        bank.faults().callbacksOff(true);
        Disbursement waiting = initiate("1000654321");
        assertThat(postCallback(UUID.randomUUID().toString(), UUID.randomUUID().toString()).statusCode()).isEqualTo(202);

        Eventually.within(NOTICE_WITHIN, () -> {
            PrometheusText metrics = metrics();
            assertThat(metrics.value("demozpay_disbursements_open", Map.of("status", "SUBMITTED"))).isEqualTo(1.0);
            assertThat(metrics.value("demozpay_disbursements_oldest_age_seconds", Map.of("status", "SUBMITTED")))
                    .isPositive();
        });
        PrometheusText metrics = metrics();
        assertThat(metrics.value("demozpay_dependency_up", Map.of("dependency", "pg-gateway"))).isEqualTo(1.0);
        assertThat(metrics.value("demozpay_dependency_up", Map.of("dependency", "dashen"))).isEqualTo(1.0);
        Map<String, String> initiateOk = Map.of("method", SERVICE + "/InitiateDisbursement", "status", "OK");
        assertThat(metrics.value("demozpay_grpc_server_requests_seconds_count", initiateOk)).isEqualTo(2.0);
        assertThat(metrics.find("demozpay_grpc_server_requests_seconds_bucket", initiateOk)).isPresent();
        assertThat(metrics.value("demozpay_webhook_callbacks_total", Map.of("outcome", "applied"))).isEqualTo(2.0);
        assertThat(metrics.value("demozpay_webhook_callbacks_total", Map.of("outcome", "unmatched"))).isEqualTo(1.0);
        assertThat(metrics.value("demozpay_webhook_requests_seconds_count", Map.of("outcome", "applied"))).isEqualTo(2.0);
        assertThat(metrics.find("demozpay_webhook_requests_seconds_bucket", Map.of("outcome", "unmatched"))).isPresent();
        assertThat(metrics.value("demozpay_disbursement_transitions_total",
                Map.of("from", "none", "to", "INITIATED", "source", "api"))).isEqualTo(2.0);
        assertThat(metrics.value("demozpay_disbursement_transitions_total",
                Map.of("from", "ACCEPTED", "to", "SETTLED", "source", "webhook"))).isEqualTo(1.0);
        assertThat(metrics.value("demozpay_partner_calls_total",
                Map.of("partner", "dashen", "operation", "submit", "outcome", "accepted"))).isEqualTo(2.0);
        assertThat(metrics.find("demozpay_partner_call_duration_seconds_count", Map.of("operation", "submit")))
                .isPresent();
        assertThat(metrics.value("demozpay_disbursements_open", Map.of("status", "INITIATED"))).isZero();
        assertThat(metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(waiting.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
    }

    @Test
    @Order(3)
    void databaseOutageMakesTheGatewayUnreadyAndRefuseWorkUntilItRecoversByItself() {
        String webhookId = UUID.randomUUID().toString();
        String reference = UUID.randomUUID().toString();

        proxy.cut();

        Eventually.within(NOTICE_WITHIN, () -> {
            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).path("status").asText()).isEqualTo("down");
            assertThat(json(ready).path("dependencies").path("database").asText()).isEqualTo("down");
        });
        gateway.awaitLog(line -> "database unreachable".equals(line.path("msg").asText()), NOTICE_WITHIN);
        assertThat(get("/healthz").statusCode()).as("the process is alive: no restart wanted").isEqualTo(200);
        assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(health(SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(metrics().value("demozpay_dependency_up", Map.of("dependency", "pg-gateway"))).isZero();
        assertThatThrownBy(() -> status(settled.getId()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(postCallback(webhookId, reference).statusCode()).isEqualTo(503);

        proxy.restore();

        Eventually.within(NOTICE_WITHIN, () -> {
            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready).path("dependencies").path("database").asText()).isEqualTo("up");
        });
        gateway.awaitLog(line -> "database reachable".equals(line.path("msg").asText()), NOTICE_WITHIN);
        assertThat(health("")).isEqualTo(ServingStatus.SERVING);
        assertThat(health(SERVICE)).isEqualTo(ServingStatus.SERVING);
        assertThat(metrics().value("demozpay_dependency_up", Map.of("dependency", "pg-gateway"))).isEqualTo(1.0);
        assertThat(status(settled.getId()).getStatus()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(postCallback(webhookId, reference).statusCode()).as("the bank's retry is stored").isEqualTo(202);
    }

    /**
     * A failover that leaves the gateway on a standby: every new session is read-only (SQLState 25006 on
     * any write), made real with {@code default_transaction_read_only} on the database and every session
     * ended. The gateway must count that as the store being unavailable, not as an internal error.
     */
    @Test
    @Order(4)
    void readOnlyDatabaseMakesTheGatewayUnreadyAndRefuseWritesUntilItIsWritableAgain() {
        String webhookId = UUID.randomUUID().toString();
        String reference = UUID.randomUUID().toString();

        database.setReadOnly(true);

        Eventually.within(NOTICE_WITHIN, () -> {
            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).path("dependencies").path("database").asText()).isEqualTo("down");
        });
        gateway.awaitLog(line -> "pg read-only".equals(line.path("msg").asText()), NOTICE_WITHIN);
        assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
        assertThatThrownBy(() -> initiate("1000777777"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(postCallback(webhookId, reference).statusCode()).isEqualTo(503);
        assertThat(status(settled.getId()).getStatus()).as("reads still work on a standby")
                .isEqualTo(DisbursementStatus.SETTLED);

        database.setReadOnly(false);

        Eventually.within(NOTICE_WITHIN, () -> assertThat(get("/readyz").statusCode()).isEqualTo(200));
        assertThat(health("")).isEqualTo(ServingStatus.SERVING);
        Eventually.within(NOTICE_WITHIN, () -> assertThat(initiate("1000777777").getStatus())
                .isIn(DisbursementStatus.SUBMITTED, DisbursementStatus.ACCEPTED));
        Eventually.within(NOTICE_WITHIN, () -> assertThat(postCallback(webhookId, reference).statusCode())
                .as("the bank's retry is stored").isEqualTo(202));
    }

    @Test
    @Order(5)
    void sigtermDrainsAndExitsZeroWithoutAnySecretInTheLog() {
        gateway.terminate();

        assertThat(gateway.awaitExit(Duration.ofSeconds(30))).as(gateway.output()).isZero();
        assertThat(gateway.lastStdoutJson().path("msg").asText()).as(gateway.output()).isEqualTo("gateway stopped");
        ports.forEach((variable, port) -> assertThat(FreePorts.isListening(port)).as(variable).isFalse());
        assertThat(gateway.output()).contains("\"msg\":\"gateway stopping\"")
                .doesNotContain(KEY.substring("whsec_".length()), "1000123456", "1000654321");
    }

    private static Disbursement initiate(String accountNumber) {
        return DisbursementGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .initiateDisbursement(InitiateDisbursementRequest.newBuilder()
                        .setIdempotencyKey(UUID.randomUUID().toString())
                        .setProduct(Product.EWA)
                        .setProductReference("ewa-" + UUID.randomUUID())
                        .setAmount(Money.newBuilder().setAmountMinor(15_000).setCurrency("ETB"))
                        .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(accountNumber).setAccountName("Abebe Kebede"))
                        .build());
    }

    private static Disbursement status(String id) {
        return DisbursementGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getStatus(GetStatusRequest.newBuilder().setId(id).build());
    }

    private static ServingStatus health(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** A callback the bank could send, signed with the shared key, about a transfer of {@code reference}. */

    private static HttpResponse<String> postCallback(String webhookId, String reference) {
        String body = "{\"type\":\"transfer.completed\",\"reference\":\"" + reference + "\",\"transferId\":\"T-"
                + reference + "\",\"amount\":\"150.00\",\"currency\":\"ETB\",\"occurredAt\":\"" + Instant.now() + "\"}";
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        byte[] signed = (webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        String signature = "v1," + Base64.getEncoder().encodeToString(DashenSigningKey.parse(KEY).hmac(signed));
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("GATEWAY_WEBHOOK_PORT")
                        + "/webhooks/dashen"))
                .header("content-type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static PrometheusText metrics() {
        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        return PrometheusText.parse(scrape.body());
    }

    private static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("GATEWAY_ADMIN_PORT") + path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
