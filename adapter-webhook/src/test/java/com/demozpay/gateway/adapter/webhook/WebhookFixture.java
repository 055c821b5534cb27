package com.demozpay.gateway.adapter.webhook;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.testing.InMemoryCallbackInbox;
import com.demozpay.gateway.testing.InMemoryDisbursementStore;
import com.demozpay.gateway.testing.InMemoryGateway;
import com.demozpay.gateway.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A started webhook server on loopback, driving the real callback use case (built as the app builds it) over the
 * in-memory ports and an HMAC verifier that knows the current and the previous key.
 */
final class WebhookFixture implements AutoCloseable {

    static final byte[] CURRENT_KEY = "current-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] PREVIOUS_KEY = "previous-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] UNKNOWN_KEY = "someone-else-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final long AMOUNT_MINOR = 15_000;

    private final InMemoryGateway core = new InMemoryGateway(Instant.parse("2025-06-01T08:00:00Z"));
    final MutableClock clock = core.clock();
    final InMemoryDisbursementStore store = core.store();
    final InMemoryCallbackInbox inbox = core.inbox();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final UndertowWebhookServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int nextEvent;

    private WebhookFixture(int maxBodyBytes, Duration readTimeout, int workerThreads, int maxConnections,
            UnaryOperator<HandlePartnerCallbackUseCase> around) {
        HandlePartnerCallbackUseCase service = core.builder()
                .callbackVerifier(new HmacCallbackVerifier(clock, CURRENT_KEY, PREVIOUS_KEY))
                .build()
                .callbacks();
        server = new UndertowWebhookServer(new ListenerSettings("127.0.0.1", 0, readTimeout, workerThreads, maxConnections),
                maxBodyBytes, around.apply(service), registry);
        server.start();
    }

    static WebhookFixture start() {
        return start(10_240, Duration.ofSeconds(5), 4, UnaryOperator.identity());
    }

    static WebhookFixture start(int maxBodyBytes, Duration readTimeout, int workerThreads,
            UnaryOperator<HandlePartnerCallbackUseCase> around) {
        return new WebhookFixture(maxBodyBytes, readTimeout, workerThreads, ListenerSettings.DEFAULT_MAX_CONNECTIONS,
                around);
    }

    static WebhookFixture withMaxConnections(int maxConnections, Duration readTimeout) {
        return new WebhookFixture(10_240, readTimeout, 4, maxConnections, UnaryOperator.identity());
    }

    /** Stores a disbursement in {@code status}; from ACCEPTED on it carries the bank's transfer id. */
    Disbursement disbursementIn(DisbursementStatus status) {
        DisbursementId id = new DisbursementId(UUID.randomUUID());
        DisbursementRequest request = new DisbursementRequest(new IdempotencyKey("key-" + id), Product.EWA, "ewa-1",
                Money.etb(AMOUNT_MINOR), new Beneficiary("1000123456789", "Abebe Kebede"), Optional.empty());
        Optional<PartnerReference> transfer = status == DisbursementStatus.ACCEPTED || status == DisbursementStatus.SETTLED
                ? Optional.of(transferIdOf(id)) : Optional.empty();
        Disbursement disbursement = new Disbursement(id, request, status, transfer, Optional.empty(),
                clock.instant(), clock.instant());
        store.put(disbursement);
        return disbursement;
    }

    static PartnerReference transferIdOf(DisbursementId id) {
        return new PartnerReference("DB-" + id.value().toString().substring(0, 8));
    }

    /** A callback body of {@code type} for {@code reference}, for the amount every test disbursement has. */
    static byte[] body(String type, String reference, String transferId, String amount) {
        return ("{\"type\":\"" + type + "\",\"reference\":\"" + reference + "\",\"transferId\":\"" + transferId
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"ETB\",\"occurredAt\":\"2025-06-01T07:59:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] body(String type, Disbursement target) {
        return body(type, target.id().toString(), transferIdOf(target.id()).value(), "150.00");
    }

    /** {@code body} followed by JSON whitespace up to exactly {@code size} bytes. */
    static byte[] padded(byte[] body, int size) {
        byte[] padded = new byte[size];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(body, 0, padded, 0, body.length);
        return padded;
    }

    String newWebhookId() {
        return "msg_" + (++nextEvent) + "_" + UUID.randomUUID();
    }

    Map<String, String> signed(byte[] key, String webhookId, byte[] body) {
        return CallbackSigner.headers(key, webhookId, clock.instant(), body);
    }

    HttpResponse<String> post(byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(UndertowWebhookServer.PATH))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postSigned(String webhookId, byte[] body) throws IOException, InterruptedException {
        return post(body, signed(CURRENT_KEY, webhookId, body));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    double answered(String outcome) {
        return registry.get("demozpay.webhook.callbacks").tag("outcome", outcome).counter().count();
    }

    Disbursement current(Disbursement disbursement) {
        return store.findById(disbursement.id()).orElseThrow();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }
}
