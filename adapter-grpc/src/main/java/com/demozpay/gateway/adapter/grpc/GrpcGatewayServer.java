package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
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
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of docs/grpc-api.md: the {@code DisbursementGateway} service, {@code grpc.health.v1.Health}
 * for {@code ""} and the service's name, server reflection, and the interceptors (access log and metrics
 * outermost, then bearer auth when a token is set). Health starts NOT_SERVING and follows
 * {@link #setServing(boolean)}, which the app drives from its database readiness signal. Calls run on
 * a bounded executor the server owns ({@value #CALL_THREADS} threads, {@value #QUEUED_TASKS} queued
 * tasks), since each one blocks on the database and the bank. At most {@value #MAX_CALLS_IN_FLIGHT}
 * calls of the service run at once; the next ones are answered RESOURCE_EXHAUSTED at once by
 * {@link ConcurrencyLimitInterceptor}. The threads beyond that limit stay free to refuse calls and to
 * answer health checks and reflection, which the limit does not count. Only a burst larger than the queue
 * (thousands of calls at the same instant on one replica) still sees its excess streams reset.
 */
public final class GrpcGatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GrpcGatewayServer.class);
    private static final List<String> HEALTH_SERVICES =
            List.of(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, DisbursementGatewayGrpc.SERVICE_NAME);
    /** After the grace, cancelled calls get this long to unwind before shutdown gives up waiting. */
    private static final Duration AFTER_CANCEL_WAIT = Duration.ofSeconds(2);
    private static final Duration KEEPALIVE_TIME = Duration.ofMinutes(1);
    static final int CALL_THREADS = 40;
    static final int MAX_CALLS_IN_FLIGHT = 32;
    /**
     * Deep enough that a burst of calls far past the limit waits here to be refused by the spare threads,
     * instead of overflowing into grpc-java's stream reset; a refusal is quick, so the queue drains fast.
     */
    static final int QUEUED_TASKS = 4096;

    private final Server server;
    private final ExecutorService calls;
    private final HealthStatusManager health;
    private final Duration shutdownGrace;
    private final GrpcTlsCredentials credentials;
    private final GrpcDisbursementService service;

    private GrpcGatewayServer(Server server, ExecutorService calls, HealthStatusManager health, Duration shutdownGrace,
            GrpcTlsCredentials credentials, GrpcDisbursementService service) {
        this.server = server;
        this.service = service;
        this.calls = calls;
        this.health = health;
        this.shutdownGrace = shutdownGrace;
        this.credentials = credentials;
    }

    /** Binds and starts the server; health reports NOT_SERVING until {@link #setServing(boolean)} says otherwise. */
    public static GrpcGatewayServer start(GrpcServerSettings settings, GrpcDisbursementService service,
            MeterRegistry registry) throws IOException {
        return start(settings, Optional.empty(), service, registry);
    }

    /**
     * As {@link #start(GrpcServerSettings, GrpcDisbursementService, MeterRegistry)}, over TLS when
     * {@code tls} is present (plaintext clients are then refused at the handshake).
     *
     * @throws IOException also when the TLS files cannot be read or used
     */
    public static GrpcGatewayServer start(GrpcServerSettings settings, Optional<GrpcTls> tls,
            GrpcDisbursementService service, MeterRegistry registry) throws IOException {
        GrpcTlsCredentials credentials = GrpcTlsCredentials.open(tls);
        HealthStatusManager health = new HealthStatusManager();
        HEALTH_SERVICES.forEach(name -> health.setStatus(name, ServingStatus.NOT_SERVING));
        ExecutorService calls = callExecutor();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.host(), settings.port()), credentials.credentials())
                .executor(calls)
                .addService(ServerInterceptors.intercept(service, new ConcurrencyLimitInterceptor(MAX_CALLS_IN_FLIGHT)))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(legacyReflection())
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                // HTTP/2 pings keep a quiet watch stream's connection open through NATs and find dead peers.
                .keepAliveTime(KEEPALIVE_TIME.toSeconds(), TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS);
        settings.authToken().ifPresent(token -> builder.intercept(new BearerAuthInterceptor(token)));
        // Interceptors added last run first: the access log sees every call, refused ones included.
        builder.intercept(new AccessLogInterceptor(registry));
        Server server;
        try {
            server = builder.build().start();
        } catch (IOException | RuntimeException e) {
            calls.shutdownNow();
            credentials.close();
            service.endWatches();
            throw e;
        }
        log.atInfo().setMessage("grpc server started")
                .addKeyValue("port", server.getPort())
                .addKeyValue("auth", settings.authToken().isPresent())
                .addKeyValue("transport", tls.map(GrpcTls::mode).orElse("plaintext"))
                .log();
        return new GrpcGatewayServer(server, calls, health, settings.shutdownGrace(), credentials, service);
    }

    private static ExecutorService callExecutor() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(CALL_THREADS, CALL_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_TASKS), task -> {
                    Thread thread = new Thread(task, "grpc-call-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
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
     * grace, then cancels what is left. Returns only once the call threads are done too (a cancelled
     * call may still be at the database), or {@code AFTER_CANCEL_WAIT} after the grace ran out, so the
     * app does not close the database pool under running calls. Safe to call more than once.
     */
    public void shutdown() {
        long graceEnds = System.nanoTime() + shutdownGrace.toNanos();
        long giveUp = graceEnds + AFTER_CANCEL_WAIT.toNanos();
        health.enterTerminalState();
        // Watch streams never end by themselves: end them now, each with its cursor, rather than at the grace.
        service.endWatches();
        server.shutdown();
        try {
            if (!server.awaitTermination(graceEnds - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                log.atWarn().setMessage("grpc calls cancelled at shutdown")
                        .addKeyValue("grace_ms", shutdownGrace.toMillis())
                        .log();
                server.shutdownNow();
                server.awaitTermination(giveUp - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            credentials.close();
            calls.shutdown();
            if (!calls.awaitTermination(giveUp - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                log.atWarn().setMessage("grpc call threads still running at shutdown").log();
                calls.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            calls.shutdownNow();
            credentials.close();
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
