package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.dashen.DashenCallbackVerifier;
import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.grpc.DisbursementWatches;
import com.demozpay.gateway.adapter.grpc.GrpcDisbursementService;
import com.demozpay.gateway.adapter.grpc.GrpcGatewayServer;
import com.demozpay.gateway.adapter.grpc.WatchSettings;
import com.demozpay.gateway.adapter.grpc.GrpcServerSettings;
import com.demozpay.gateway.adapter.postgres.PostgresAnomalyLog;
import com.demozpay.gateway.adapter.postgres.PostgresCallbackInbox;
import com.demozpay.gateway.adapter.postgres.PostgresDisbursementEventFeed;
import com.demozpay.gateway.adapter.postgres.PostgresDisbursementStore;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.adapter.webhook.ListenerSettings;
import com.demozpay.gateway.adapter.webhook.UndertowAdminServer;
import com.demozpay.gateway.adapter.webhook.UndertowWebhookServer;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.GatewayConfig;
import com.demozpay.gateway.app.ops.AnomalyRecordingObserver;
import com.demozpay.gateway.app.ops.MeteredDisbursementObserver;
import com.demozpay.gateway.app.ops.Monitors;
import com.demozpay.gateway.app.ops.OpenDisbursementGauges;
import com.demozpay.gateway.app.ops.Readiness;
import com.demozpay.gateway.app.tls.TlsContexts;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.service.WatchDisbursementsService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway, assembled by hand in the order a reader can follow: database, partner, the core
 * (the use cases and the reconciler, from {@link DisbursementGateway#builder()}), listeners, background
 * work. Ports open only after the database is reachable and migrated.
 * {@link #close()} is the graceful shutdown: readiness down first, listeners drained within the grace
 * period, the pool closed last.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final String ALL_INTERFACES = "0.0.0.0";
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    private static final int HTTP_WORKER_THREADS = 16;

    private final GatewayConfig config;
    private final PostgresPool pool;
    private final DashenPartnerClient partner;
    private final Readiness readiness;
    private final Monitors monitors;
    private final DisbursementGateway core;
    private final GrpcGatewayServer grpc;
    private final UndertowWebhookServer webhook;
    private final UndertowAdminServer admin;

    private Gateway(GatewayConfig config, PostgresPool pool, DashenPartnerClient partner, Readiness readiness,
            Monitors monitors, DisbursementGateway core, GrpcGatewayServer grpc, UndertowWebhookServer webhook,
            UndertowAdminServer admin) {
        this.config = config;
        this.pool = pool;
        this.partner = partner;
        this.readiness = readiness;
        this.monitors = monitors;
        this.core = core;
        this.grpc = grpc;
        this.webhook = webhook;
        this.admin = admin;
    }

    /** Boots the gateway; on failure, everything already started is closed again. */
    public static Gateway start(GatewayConfig config, Clock clock, PrometheusMeterRegistry registry) throws BootFailure {
        PostgresPool pool = Boot.openPool(config);
        try {
            return assemble(config, clock, registry, pool);
        } catch (BootFailure | RuntimeException failure) {
            pool.close();
            throw failure;
        }
    }

    private static Gateway assemble(GatewayConfig config, Clock clock, PrometheusMeterRegistry registry,
            PostgresPool pool) throws BootFailure {
        // The partner settings are checked before migrating, so that a deployment that cannot run never
        // changes the schema that the replicas still running share.
        DashenSettings dashenSettings = Boot.dashenSettings(config);
        Boot.migrate(config, pool);
        DashenPartnerClient partner = new DashenPartnerClient(dashenSettings, dashenTls(config.tls()), clock, registry);
        DashenCallbackVerifier verifier = new DashenCallbackVerifier(config.dashenSigningKey(),
                config.dashenPreviousSigningKey(), clock);

        DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
        DisbursementGateway core = DisbursementGateway.builder()
                .store(store)
                .inbox(new PostgresCallbackInbox(pool.dataSource()))
                .partner(partner)
                .callbackVerifier(verifier)
                .clock(clock)
                .observer(new AnomalyRecordingObserver(new PostgresAnomalyLog(pool.dataSource()), clock)
                        .andThen(new MeteredDisbursementObserver(registry)))
                .limits(new DisbursementLimits(config.maxAmountMinor()))
                .leasePolicy(config.leasePolicy())
                .statusRefreshAfter(config.statusRefreshAfter())
                .statusRefreshesInFlight(config.dashen().maxRefreshes())
                .reconcilePolicy(config.reconciler().policy())
                .resubmitLimit(config.reconciler().resubmitLimit())
                .build();
        var watch = new WatchDisbursementsService(new PostgresDisbursementEventFeed(pool.dataSource()));

        Listeners listeners = new Listeners();
        try {
            bind("GATEWAY_GRPC_PORT", config.ports().grpc(), () -> listeners.grpc = GrpcGatewayServer.start(
                    new GrpcServerSettings(ALL_INTERFACES, config.ports().grpc(), config.grpcAuthToken(),
                            GrpcServerSettings.DEFAULT_MAX_INBOUND_MESSAGE_BYTES, config.shutdownGrace()),
                    config.tls().grpc(), new GrpcDisbursementService(core.initiate(), core.status(),
                            new DisbursementWatches(watch, WatchSettings.DEFAULTS)), registry));
            GrpcGatewayServer grpc = listeners.grpc;
            Readiness readiness = new Readiness(pool::isWritable, partner.health(), registry, grpc::setServing);
            listeners.admin = new UndertowAdminServer(listenerSettings(config, config.ports().admin()),
                    readiness::report, registry::scrape);
            bind("GATEWAY_ADMIN_PORT", config.ports().admin(), listeners.admin::start);
            listeners.webhook = new UndertowWebhookServer(listenerSettings(config, config.ports().webhook()),
                    config.tls().webhook().map(identity -> TlsContexts.of(Optional.of(identity), Optional.empty())),
                    config.webhookMaxBodyBytes(), core.callbacks(), registry);
            bind("GATEWAY_WEBHOOK_PORT", config.ports().webhook(), listeners.webhook::start);

            OpenDisbursementGauges openGauges = new OpenDisbursementGauges(store, clock, registry);
            readiness.probe();
            openGauges.refresh();
            // A thread per task: a slow query or a daily run never freezes readiness.
            Monitors monitors = new Monitors(PROBE_EVERY, 4);
            monitors.schedule("readiness", readiness::probe);
            monitors.schedule("open_disbursement_gauges", openGauges::refresh);
            StatementCommands.scheduleDaily(config, pool.dataSource(), partner.statements(), clock, registry, monitors);
            core.startReconciling(config.reconciler().interval());

            log.atInfo().setMessage("gateway started")
                    .addKeyValue("grpc_port", grpc.port())
                    .addKeyValue("webhook_port", listeners.webhook.port())
                    .addKeyValue("admin_port", listeners.admin.port())
                    .addKeyValue("grpc_auth", config.grpcAuthToken().isPresent())
                    .log();
            return new Gateway(config, pool, partner, readiness, monitors, core, grpc, listeners.webhook,
                    listeners.admin);
        } catch (BootFailure | RuntimeException e) {
            listeners.closeQuietly();
            partner.close();
            throw e;
        }
    }

    private interface Listen {
        void start() throws IOException;
    }

    /** Starts one listener; a failure names the variable and port, so the operator knows which one is taken. */
    private static void bind(String variable, int port, Listen listen) throws BootFailure {
        try {
            listen.start();
        } catch (IOException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new BootFailure(Category.LISTENER, variable + " " + port + " cannot be bound: " + Boot.describe(root));
        }
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int webhookPort() {
        return webhook.port();
    }

    public int adminPort() {
        return admin.port();
    }

    @Override
    public void close() {
        log.atInfo().setMessage("gateway stopping").addKeyValue("grace_ms", config.shutdownGrace().toMillis()).log();
        readiness.drain();
        core.close();
        // Both doors drain at once, so a stop takes one grace period, not one per listener. The gRPC drain
        // gets a thread of its own, named and joined: never the common pool (a new thread per task on 2 CPUs).
        Thread grpcDrain = new Thread(grpc::shutdown, "grpc-drain");
        grpcDrain.start();
        webhook.stop(config.shutdownGrace());
        joinUninterruptibly(grpcDrain);
        admin.stop(Duration.ofSeconds(1));
        monitors.close();
        partner.close();
        pool.close();
        log.atInfo().setMessage("gateway stopped").log();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bank's TLS context when a client certificate or a CA bundle is configured; the JDK's otherwise. */
    static Optional<SSLContext> dashenTls(GatewayConfig.Tls tls) {
        if (tls.dashenClient().isEmpty() && tls.dashenCa().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TlsContexts.of(tls.dashenClient(), tls.dashenCa()));
    }

    private static ListenerSettings listenerSettings(GatewayConfig config, int port) {
        return new ListenerSettings(ALL_INTERFACES, port, config.webhookReadTimeout(), HTTP_WORKER_THREADS);
    }

    /** Listeners started so far, closed again if a later one fails to start. */
    private static final class Listeners {
        GrpcGatewayServer grpc;
        UndertowAdminServer admin;
        UndertowWebhookServer webhook;

        void closeQuietly() {
            if (webhook != null) {
                webhook.stop(Duration.ZERO);
            }
            if (admin != null) {
                admin.stop(Duration.ZERO);
            }
            if (grpc != null) {
                grpc.close();
            }
        }
    }
}
