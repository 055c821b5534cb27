package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.in.InitiateDisbursementUseCase;
import com.demozpay.gateway.ports.service.WatchDisbursementsService;
import com.demozpay.gateway.testing.InMemoryDisbursementEventFeed;
import com.demozpay.gateway.testing.InMemoryDisbursementStore;
import com.demozpay.gateway.testing.InMemoryGateway;
import com.demozpay.gateway.testing.MutableClock;
import com.demozpay.gateway.testing.ScriptedPartnerClient;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real use cases, built as the app builds them, over the in-memory ports, behind a {@link GrpcGatewayServer} on an
 * ephemeral loopback port, and a client channel to it.
 */
final class GatewayHarness implements AutoCloseable {

    static final String ACCOUNT_NUMBER = "1000123456789";
    static final long AMOUNT_MINOR = 150_000;
    static final long MAX_AMOUNT_MINOR = 5_000_000;

    private final InMemoryGateway core = new InMemoryGateway(Instant.parse("2026-03-02T08:00:00Z"));
    final InMemoryDisbursementStore store = core.store();
    final ScriptedPartnerClient partner = core.partner();
    final MutableClock clock = core.clock();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final InMemoryDisbursementEventFeed feed = new InMemoryDisbursementEventFeed(store);
    final DisbursementWatches watches;
    final GrpcDisbursementService service;
    final GrpcGatewayServer server;
    final ManagedChannel channel;

    private GatewayHarness(Optional<String> authToken, Duration shutdownGrace,
            UnaryOperator<InitiateDisbursementUseCase> initiateOverride, WatchSettings watchSettings) {
        DisbursementGateway gateway = core.builder()
                .limits(new DisbursementLimits(MAX_AMOUNT_MINOR))
                .statusRefreshAfter(Duration.ofMinutes(5))
                .build();
        GrpcServerSettings settings = new GrpcServerSettings("127.0.0.1", 0, authToken,
                GrpcServerSettings.DEFAULT_MAX_INBOUND_MESSAGE_BYTES, shutdownGrace);
        watches = new DisbursementWatches(new WatchDisbursementsService(feed), watchSettings);
        service = new GrpcDisbursementService(initiateOverride.apply(gateway.initiate()), gateway.status(), watches);
        try {
            server = GrpcGatewayServer.start(settings, service, registry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = newChannel();
    }

    static GatewayHarness start() {
        return new GatewayHarness(Optional.empty(), Duration.ofSeconds(5), UnaryOperator.identity(), WatchSettings.DEFAULTS);
    }

    static GatewayHarness withAuthToken(String token) {
        return new GatewayHarness(Optional.of(token), Duration.ofSeconds(5), UnaryOperator.identity(), WatchSettings.DEFAULTS);
    }

    static GatewayHarness withShutdownGrace(Duration grace) {
        return new GatewayHarness(Optional.empty(), grace, UnaryOperator.identity(), WatchSettings.DEFAULTS);
    }

    /** The real initiation use case replaced by whatever {@code override} makes of it. */
    static GatewayHarness withInitiate(UnaryOperator<InitiateDisbursementUseCase> override) {
        return new GatewayHarness(Optional.empty(), Duration.ofSeconds(5), override, WatchSettings.DEFAULTS);
    }

    /** Watch streams served with {@code settings} instead of the defaults. */
    static GatewayHarness withWatchSettings(WatchSettings settings) {
        return new GatewayHarness(Optional.empty(), Duration.ofSeconds(5), UnaryOperator.identity(), settings);
    }

    ManagedChannel newChannel() {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    }

    /** Opens the connection with a health check, so that a short deadline afterwards is not spent connecting. */
    void warmUp() {
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
    }

    DisbursementGatewayGrpc.DisbursementGatewayBlockingStub client() {
        return DisbursementGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    DisbursementGatewayGrpc.DisbursementGatewayBlockingStub client(String authorization) {
        return client().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorizationHeader(authorization)));
    }

    static Metadata authorizationHeader(String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    static InitiateDisbursementRequest validRequest(String idempotencyKey) {
        return InitiateDisbursementRequest.newBuilder()
                .setIdempotencyKey(idempotencyKey)
                .setProduct(Product.EWA)
                .setProductReference("ewa-request-" + idempotencyKey)
                .setAmount(Money.newBuilder().setAmountMinor(AMOUNT_MINOR).setCurrency("ETB"))
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(ACCOUNT_NUMBER).setAccountName("Abebe Kebede"))
                .setNarrative("Salary advance")
                .build();
    }

    /** The bank's answer to a submit it has taken and accepted, with its transfer id. */
    static PartnerOutcome bankAccepted(String transferId) {
        return new PartnerOutcome.Accepted(PartnerEvent.reported(DisbursementStatus.ACCEPTED,
                new PartnerReference(transferId), com.demozpay.gateway.domain.Money.etb(AMOUNT_MINOR)));
    }

    /**
     * Makes every submit wait at the bank until {@code bankAnswers} opens, then answer {@code outcome}.
     *
     * @return a latch that opens when a submit has reached the bank
     */
    CountDownLatch holdSubmitsAtTheBank(CountDownLatch bankAnswers, PartnerOutcome outcome) {
        CountDownLatch atTheBank = new CountDownLatch(1);
        partner.alwaysSubmit(d -> {
            atTheBank.countDown();
            try {
                bankAnswers.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return outcome;
        });
        return atTheBank;
    }

    /**
     * Blocks until the server has cancelled the call of {@code context} and its deadline has passed:
     * the client's cancel, which usually arrives a little before the server's own deadline, is not enough.
     */
    static void awaitDeadlinePassed(Context context) {
        CountDownLatch cancelled = new CountDownLatch(1);
        context.addListener(c -> cancelled.countDown(), Runnable::run);
        try {
            cancelled.await(5, TimeUnit.SECONDS);
            Thread.sleep(Math.max(0, context.getDeadline().timeRemaining(TimeUnit.MILLISECONDS)) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdown();
        registry.close();
    }
}
