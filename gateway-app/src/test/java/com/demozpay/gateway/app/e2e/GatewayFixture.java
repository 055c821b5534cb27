package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.DashenSignatures;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One gateway under test, as production runs it: the packaged jar as its own process on a fresh
 * PostgreSQL database, talking to the sandbox bank in this JVM, which calls its webhook back. The
 * background work is fast (reconciler every 300 ms, in-flight disbursements looked at after 1 s) and
 * {@code GetStatus} does not ask the bank unless told to, so that it never hides what the callbacks or
 * the reconciler did. Start one per test class ({@code @BeforeAll}), close it in {@code @AfterAll}.
 * The gateway can be killed and started again on the same database and ports.
 */
final class GatewayFixture implements AutoCloseable {

    static final Duration BOOT_LIMIT = Duration.ofSeconds(90);
    static final String ACCOUNT = "1000123456789";
    /** The sandbox refuses accounts ending in 0000 with INVALID_ACCOUNT. */
    static final String REJECTED_ACCOUNT = "1000123450000";
    static final long AMOUNT_MINOR = 150_00;

    private static final long CALL_DEADLINE_SECONDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final TestDatabase database;
    final DatabaseRows rows;
    final DashenSandbox bank;
    final DashenSigningKey signingKey;
    final int grpcPort = FreePorts.pick();
    final int webhookPort;
    final int adminPort = FreePorts.pick();

    private final String name;
    private final Map<String, String> env = new HashMap<>();
    private GatewayProcess gateway;
    private final List<GatewayProcess> replicas = new ArrayList<>();
    private ManagedChannel channel;
    private int starts;

    private GatewayFixture(String name, TestDatabase database, DashenSandbox bank, String secret,
            DashenSigningKey signingKey, int webhookPort) {
        this.name = name;
        this.webhookPort = webhookPort;
        this.database = database;
        this.rows = new DatabaseRows(database);
        this.bank = bank;
        this.signingKey = signingKey;
        env.put("GATEWAY_DATABASE_URL", database.postgresConnectionString());
        env.put("GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString());
        env.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true");
        env.put("GATEWAY_DASHEN_SIGNING_KEY", secret);
        env.put("GATEWAY_GRPC_PORT", Integer.toString(grpcPort));
        env.put("GATEWAY_WEBHOOK_PORT", Integer.toString(webhookPort));
        env.put("GATEWAY_ADMIN_PORT", Integer.toString(adminPort));
        env.put("GATEWAY_DB_POOL_SIZE", "4");
        env.put("GATEWAY_RECONCILE_INTERVAL", "300ms");
        env.put("GATEWAY_RECONCILE_INFLIGHT_AFTER", "1s");
        env.put("GATEWAY_RECONCILE_INITIATED_AFTER", "2s");
        // Longer than a call to the bank (connect + request timeout + 5 s): work stops when less is left.
        env.put("GATEWAY_LEASE_DURATION", "8s");
        env.put("GATEWAY_STATUS_REFRESH_AFTER", "1h");
        env.put("GATEWAY_DASHEN_CONNECT_TIMEOUT", "1s");
        env.put("GATEWAY_DASHEN_REQUEST_TIMEOUT", "1s");
        env.put("GATEWAY_SHUTDOWN_GRACE", "2s");
    }

    /**
     * Database, sandbox bank and a running gateway. {@code overrides} replace the fast defaults;
     * {@code bankSettings} adjusts the sandbox (by default it accepts after 300 ms, completes 300 ms
     * later and retries a callback after 200 ms, doubling, 8 times).
     */
    static GatewayFixture start(Class<?> testClass, Map<String, String> overrides,
            UnaryOperator<SandboxSettings> bankSettings) {
        String secret = SigningKeys.random();
        DashenSigningKey key = DashenSigningKey.parse(secret);
        int webhookPort = FreePorts.pick();
        TestDatabase database = TestDatabase.create();
        DashenSandbox bank;
        try {
            bank = DashenSandbox.start(bankSettings.apply(SandboxSettings.defaults(key)
                    .withWebhookUrl(webhookUrl(webhookPort))
                    .withDelays(Duration.ofMillis(300), Duration.ofMillis(300))
                    .withCallbackRetry(Duration.ofMillis(200), 8)), new SandboxFaults());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        GatewayFixture fixture = new GatewayFixture(testClass.getSimpleName(), database, bank, secret, key, webhookPort);
        try {
            fixture.startGateway(overrides);
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    static GatewayFixture start(Class<?> testClass, Map<String, String> overrides) {
        return start(testClass, overrides, UnaryOperator.identity());
    }

    /** Starts the gateway jar with the fixture's environment plus {@code overrides}; waits until it serves. */
    void startGateway(Map<String, String> overrides) {
        assertThat(gateway == null || !gateway.isAlive()).as("the previous gateway process has ended").isTrue();
        saveOutput();
        Map<String, String> processEnv = new HashMap<>(env);
        processEnv.putAll(overrides);
        gateway = GatewayProcess.start(processEnv);
        starts++;
        JsonNode started = gateway.awaitStarted(BOOT_LIMIT);
        assertThat(started.path("grpc_port").asInt()).isEqualTo(grpcPort);
        assertThat(started.path("webhook_port").asInt()).isEqualTo(webhookPort);
        assertThat(started.path("admin_port").asInt()).isEqualTo(adminPort);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    /**
     * Starts another gateway process on the same database and bank, with ports of its own, and returns
     * its gRPC port: a second replica. The bank's callbacks still go to the first. Stopped by {@link #close()}.
     */
    int startReplica() {
        Map<String, String> replicaEnv = new HashMap<>(env);
        int replicaGrpcPort = FreePorts.pick();
        replicaEnv.put("GATEWAY_GRPC_PORT", Integer.toString(replicaGrpcPort));
        replicaEnv.put("GATEWAY_WEBHOOK_PORT", Integer.toString(FreePorts.pick()));
        replicaEnv.put("GATEWAY_ADMIN_PORT", Integer.toString(FreePorts.pick()));
        GatewayProcess replica = GatewayProcess.start(replicaEnv);
        replicas.add(replica);
        replica.awaitStarted(BOOT_LIMIT);
        return replicaGrpcPort;
    }

    /** SIGKILL, as a crash or an OOM kill would end it: nothing runs after. */
    void kill() {
        closeChannel();
        gateway.kill();
    }

    /** The environment the gateway runs with: what an operator command beside it is given. */
    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    GatewayProcess process() {
        return gateway;
    }

    /** Every JSON line the running gateway logged with this {@code msg}, in order. */
    List<JsonNode> logLines(String msg) {
        return gateway.stdoutLines().stream().map(GatewayFixture::parse)
                .filter(json -> json != null && msg.equals(json.path("msg").asText()))
                .toList();
    }

    /** A log line as JSON, or null for a line that is not (the JVM's own messages). */
    static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Puts the sandbox back to a healthy bank, so that one test's faults never leak into the next. */
    void healBank() {
        bank.comeUp();
        bank.faults().errorAfterRecord(0).throttle(0).hang(0, Duration.ZERO).duplicateCallbacks(0)
                .reorderCallbacks(0).callbacksOff(false);
    }

    /** The generated client the platform's API uses, with a deadline per call. */
    DisbursementGatewayGrpc.DisbursementGatewayBlockingStub api() {
        return DisbursementGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    DisbursementGatewayGrpc.DisbursementGatewayFutureStub asyncApi() {
        return DisbursementGatewayGrpc.newFutureStub(channel);
    }

    Disbursement initiate(InitiateDisbursementRequest request) {
        return api().initiateDisbursement(request);
    }

    /** The stored state: with the fixture's refresh interval of an hour, the gateway does not ask the bank. */
    Disbursement status(String id) {
        return api().getStatus(GetStatusRequest.newBuilder().setId(id).build());
    }

    Disbursement awaitStatus(String id, DisbursementStatus expected, Duration limit) {
        return Eventually.await("disbursement " + id + " is " + expected, limit, () -> status(id),
                d -> d.getStatus() == expected);
    }

    static InitiateDisbursementRequest request(String idempotencyKey) {
        return request(idempotencyKey, ACCOUNT);
    }

    static InitiateDisbursementRequest request(String idempotencyKey, String accountNumber) {
        return InitiateDisbursementRequest.newBuilder()
                .setIdempotencyKey(idempotencyKey)
                .setProduct(Product.EWA)
                .setProductReference("ewa-" + idempotencyKey)
                .setAmount(Money.newBuilder().setAmountMinor(AMOUNT_MINOR).setCurrency("ETB"))
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(accountNumber).setAccountName("Abebe Kebede"))
                .setNarrative("Earned-wage advance")
                .build();
    }

    static String newKey() {
        return "e2e-" + UUID.randomUUID();
    }

    URI webhookUrl() {
        return webhookUrl(webhookPort);
    }

    /** A {@code transfer.completed} callback body for {@code reference}, as the bank sends it. */
    static byte[] completedCallback(String reference, String transferId, String amount) {
        return ("{\"type\":\"transfer.completed\",\"reference\":\"" + reference + "\",\"transferId\":\"" + transferId
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"ETB\",\"occurredAt\":\"" + Instant.now() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Posts {@code body} to the webhook, signed (Standard Webhooks) with the fixture's key, as the bank would. */
    HttpResponse<String> postCallback(String webhookId, byte[] body) throws IOException, InterruptedException {
        return postCallback(webhookId, body, body, signingKey);
    }

    /** Posts {@code body} with a Standard Webhooks signature over {@code signedBody} under {@code key}. */
    HttpResponse<String> postCallback(String webhookId, byte[] body, byte[] signedBody, DashenSigningKey key)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = DashenSignatures.sign(key, DashenSignatures.webhookContent(webhookId, timestamp, signedBody));
        HttpRequest request = HttpRequest.newBuilder(webhookUrl())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(DashenSignatures.WEBHOOK_ID_HEADER, webhookId)
                .header(DashenSignatures.WEBHOOK_TIMESTAMP_HEADER, timestamp)
                .header(DashenSignatures.WEBHOOK_SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI webhookUrl(int port) {
        return URI.create("http://127.0.0.1:" + port + "/webhooks/dashen");
    }

    /** Stops everything, keeping each gateway run's output in {@code target/e2e-logs} for a failed build. */
    @Override
    public void close() {
        try {
            closeChannel();
            if (gateway != null) {
                gateway.close();
            }
            saveOutput();
            for (int i = 0; i < replicas.size(); i++) {
                replicas.get(i).close();
                saveOutput(replicas.get(i), "replica-" + (i + 2));
            }
        } finally {
            bank.close();
            database.close();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    private void saveOutput() {
        if (gateway != null) {
            saveOutput(gateway, "gateway-" + starts);
        }
    }

    private void saveOutput(GatewayProcess process, String run) {
        Path logs = Path.of(System.getProperty("gateway.jar", "target/gateway.jar")).resolveSibling("e2e-logs");
        try {
            Files.createDirectories(logs);
            Files.writeString(logs.resolve(name + "-" + run + ".log"), process.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
