package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of CONTRACTS.md section 1: the {@code DisbursementGateway} service, {@code grpc.health.v1.Health}
 * for {@code ""} and the service's name, server reflection, and the interceptors (access log and metrics
 * outermost, then bearer auth when a token is set). Health starts NOT_SERVING and follows
 * {@link #setServing(boolean)}, which the app drives from its database readiness signal.
 */
public final class GrpcGatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrpcGatewayServer.class);
    private static final List<String> HEALTH_SERVICES =
            List.of(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, DisbursementGatewayGrpc.SERVICE_NAME);
    /** After the grace, cancelled calls get this long to unwind before shutdown gives up waiting. */
    private static final Duration AFTER_CANCEL_WAIT = Duration.ofSeconds(2);

    private final Server server;
    private final HealthStatusManager health;
    private final Duration shutdownGrace;

    private GrpcGatewayServer(Server server, HealthStatusManager health, Duration shutdownGrace) {
        this.server = server;
        this.health = health;
        this.shutdownGrace = shutdownGrace;
    }

    /** Binds and starts the server; health reports NOT_SERVING until {@link #setServing(boolean)} says otherwise. */
    public static GrpcGatewayServer start(GrpcServerSettings settings, GrpcDisbursementService service,
            MeterRegistry registry) throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        HEALTH_SERVICES.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.host(), settings.port()))
                .addService(service)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(legacyReflection())
                .maxInboundMessageSize(settings.maxInboundMessageBytes());
        settings.authToken().ifPresent(token -> builder.intercept(new BearerAuthInterceptor(token)));
        // Interceptors added last run first: the access log sees every call, refused ones included.
        builder.intercept(new AccessLogInterceptor(registry));
        Server server = builder.build().start();
        log.atInfo().setMessage("grpc server started")
                .addKeyValue("port", server.getPort())
                .addKeyValue("auth", settings.authToken().isPresent())
                .log();
        return new GrpcGatewayServer(server, health, settings.shutdownGrace());
    }

    /** The port actually bound, which differs from the one asked for when that was 0. */
    public int port() {
        return server.getPort();
    }

    /** SERVING while the database is reachable, NOT_SERVING otherwise, for {@code ""} and the service alike. */
    public void setServing(boolean serving) {
        ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        HEALTH_SERVICES.forEach(name -> health.setStatus(name, status));
    }

    /**
     * Reports NOT_SERVING for good, stops accepting calls, lets the calls in flight finish within the
     * grace, then cancels what is left. Safe to call more than once.
     */
    public void shutdown() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.atWarn().setMessage("grpc calls cancelled at shutdown")
                        .addKeyValue("grace_ms", shutdownGrace.toMillis())
                        .log();
                server.shutdownNow();
                server.awaitTermination(AFTER_CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    /** v1alpha reflection, for tools that do not speak v1 yet; deprecated upstream in favour of v1. */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        return ProtoReflectionService.newInstance();
    }
}
