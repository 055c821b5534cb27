package com.demozpay.gateway.app.config;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.grpc.GrpcTls;
import com.demozpay.gateway.adapter.postgres.DatabaseUrl;
import com.demozpay.gateway.app.tls.TlsIdentity;
import com.demozpay.gateway.domain.ResubmitLimit;
import com.demozpay.gateway.ports.service.LeasePolicy;
import com.demozpay.gateway.ports.service.ReconcilePolicy;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the gateway reads from its environment, typed and checked. {@link #load} reports every
 * problem at once; {@code docs/configuration.md} documents each variable, its default and its rule.
 * {@link #toString()} is safe to log: secrets are never part of it.
 */
public record GatewayConfig(
        DatabaseUrl databaseUrl,
        String dashenBaseUrl,
        DashenSigningKey dashenSigningKey,
        Optional<DashenSigningKey> dashenPreviousSigningKey,
        Ports ports,
        int webhookMaxBodyBytes,
        Optional<String> grpcAuthToken,
        long maxAmountMinor,
        Database database,
        Dashen dashen,
        Reconciler reconciler,
        LeasePolicy leasePolicy,
        Duration statusRefreshAfter,
        Duration webhookReadTimeout,
        Duration shutdownGrace,
        boolean migrateOnBoot,
        String logLevel,
        Tls tls,
        Optional<LocalTime> statementReconcileAt) {

    /** The three listeners. 0 picks a free port (for tests); otherwise the three must differ. */
    public record Ports(int grpc, int webhook, int admin) {
    }

    public record Database(int poolSize, Duration connectTimeout) {
    }

    /**
     * @param maxRefreshes lookups that {@code GetStatus} refreshes may hold at once; the reconciler holds at
     *     most one (it works through disbursements one at a time), so submits keep the rest of {@code maxConnections}
     * @param insecureHttpAllowed plain http to the bank, for the sandbox and tests only
     */
    public record Dashen(Duration connectTimeout, Duration requestTimeout, int maxConnections, int maxRefreshes,
            boolean insecureHttpAllowed) {
    }

    /**
     * @param maxResubmits how often the reconciler resends a SUBMITTED disbursement the bank has no record of
     */
    public record Reconciler(Duration interval, Duration initiatedAfter, Duration inFlightAfter, int batchSize,
            int maxResubmits) {

        public ReconcilePolicy policy() {
            return new ReconcilePolicy(initiatedAfter, inFlightAfter, batchSize);
        }

        public ResubmitLimit resubmitLimit() {
            return new ResubmitLimit(maxResubmits);
        }
    }

    /**
     * TLS of the gRPC server, of the connection to the bank and of the webhook listener, each
     * optional; see {@code docs/configuration.md}. The bank's CA bundle, when set, replaces the JDK's
     * trust store.
     */
    public record Tls(Optional<GrpcTls> grpc, Optional<TlsIdentity> dashenClient,
            Optional<List<X509Certificate>> dashenCa, Optional<TlsIdentity> webhook) {

        public static final Tls NONE = new Tls(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static final int MIN_AUTH_TOKEN_LENGTH = 16;

    /** The variables that may hold a secret; each may instead name a file in {@code <NAME>_FILE}. */
    public static final List<String> SECRET_VARIABLES = List.of("GATEWAY_DATABASE_URL", "GATEWAY_DASHEN_SIGNING_KEY",
            "GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS", "GATEWAY_GRPC_AUTH_TOKEN");

    public static GatewayConfig load(Map<String, String> variables) {
        Environment env = new Environment(variables, SECRET_VARIABLES);
        DatabaseUrl databaseUrl = env.required("GATEWAY_DATABASE_URL", DatabaseUrl::parse);
        String dashenBaseUrl = env.required("GATEWAY_DASHEN_BASE_URL", text -> text);
        DashenSigningKey signingKey = env.required("GATEWAY_DASHEN_SIGNING_KEY", DashenSigningKey::parse);
        Optional<DashenSigningKey> previousKey = env.optional("GATEWAY_DASHEN_SIGNING_KEY_PREVIOUS", DashenSigningKey::parse);
        Ports ports = new Ports(
                env.integer("GATEWAY_GRPC_PORT", 50052, 0, 65535),
                env.integer("GATEWAY_WEBHOOK_PORT", 50053, 0, 65535),
                env.integer("GATEWAY_ADMIN_PORT", 9090, 0, 65535));
        requireDistinct(env, ports);
        int maxBody = env.integer("GATEWAY_WEBHOOK_MAX_BODY_BYTES", 10240, 256, 1_048_576);
        Optional<String> authToken = env.optional("GATEWAY_GRPC_AUTH_TOKEN");
        if (authToken.isPresent() && authToken.get().length() < MIN_AUTH_TOKEN_LENGTH) {
            env.problem("GATEWAY_GRPC_AUTH_TOKEN must be at least " + MIN_AUTH_TOKEN_LENGTH + " characters");
        }
        long maxAmount = env.longInteger("GATEWAY_MAX_AMOUNT_MINOR", 10_000_000L, 1, 1_000_000_000_000L);
        Database database = new Database(
                env.integer("GATEWAY_DB_POOL_SIZE", 10, 2, 50),
                env.duration("GATEWAY_DB_CONNECT_TIMEOUT", Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofMinutes(1)));
        Dashen dashen = new Dashen(
                env.duration("GATEWAY_DASHEN_CONNECT_TIMEOUT", Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMinutes(1)),
                env.duration("GATEWAY_DASHEN_REQUEST_TIMEOUT", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(2)),
                env.integer("GATEWAY_DASHEN_MAX_CONNECTIONS", 16, 1, 256),
                env.integer("GATEWAY_STATUS_REFRESH_MAX_IN_FLIGHT", 4, 1, 254),
                env.bool("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", false));
        Reconciler reconciler = new Reconciler(
                env.duration("GATEWAY_RECONCILE_INTERVAL", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                env.duration("GATEWAY_RECONCILE_INITIATED_AFTER", Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(24)),
                env.duration("GATEWAY_RECONCILE_INFLIGHT_AFTER", Duration.ofMinutes(2), Duration.ZERO, Duration.ofHours(24)),
                env.integer("GATEWAY_RECONCILE_BATCH_SIZE", 50, 1, 1000),
                env.integer("GATEWAY_RECONCILE_MAX_RESUBMITS", 5, 1, 100));
        LeasePolicy leasePolicy = leasePolicy(env, dashen);
        Duration refreshAfter = env.duration("GATEWAY_STATUS_REFRESH_AFTER", Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(24));
        Duration readTimeout = env.duration("GATEWAY_WEBHOOK_READ_TIMEOUT", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration shutdownGrace = env.duration("GATEWAY_SHUTDOWN_GRACE", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(10));
        boolean migrateOnBoot = env.bool("GATEWAY_MIGRATE_ON_BOOT", true);
        String logLevel = env.parsed("GATEWAY_LOG_LEVEL", "INFO",
                text -> text.matches("TRACE|DEBUG|INFO|WARN|ERROR") ? text : null,
                "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        if (dashen.maxRefreshes() > dashen.maxConnections() - 2) {
            env.problem("GATEWAY_STATUS_REFRESH_MAX_IN_FLIGHT must be at most GATEWAY_DASHEN_MAX_CONNECTIONS - 2, "
                    + "so that the reconciler has one connection to the bank and submits at least one of their own");
        }
        Tls tls = TlsVariables.load(env, dashenBaseUrl);
        Optional<LocalTime> statementReconcileAt = env.parsed("GATEWAY_STATEMENT_RECONCILE_AT", Optional.empty(),
                GatewayConfig::dailyTime, "must be HH:MM (UTC) or off");
        env.requireNoProblems();
        return new GatewayConfig(databaseUrl, dashenBaseUrl, signingKey, previousKey, ports, maxBody, authToken,
                maxAmount, database, dashen, reconciler, leasePolicy, refreshAfter, readTimeout, shutdownGrace, migrateOnBoot,
                logLevel, tls, statementReconcileAt);
    }

    /** {@code off}, or a time of day {@code HH:MM} (UTC); null when it is neither. */
    private static Optional<LocalTime> dailyTime(String text) {
        if (text.equals("off")) {
            return Optional.empty();
        }
        return text.matches("([01][0-9]|2[0-3]):[0-5][0-9]") ? Optional.of(LocalTime.parse(text)) : null;
    }

    /**
     * The lease a submit and a reconcile pass take on a disbursement; it must outlast the longest call to
     * the bank (its connect and request timeouts) plus {@link LeasePolicy#STORE_MARGIN}.
     */
    private static LeasePolicy leasePolicy(Environment env, Dashen dashen) {
        if (env.optional("GATEWAY_RECONCILE_CLAIM_FOR").isPresent()) {
            env.problem("GATEWAY_RECONCILE_CLAIM_FOR is now GATEWAY_LEASE_DURATION: rename it");
        }
        Duration duration = env.duration("GATEWAY_LEASE_DURATION", Duration.ofMinutes(2), Duration.ofSeconds(1),
                Duration.ofHours(1));
        try {
            return LeasePolicy.forCallsOf(duration, dashen.connectTimeout().plus(dashen.requestTimeout()));
        } catch (IllegalArgumentException tooShort) {
            env.problem("GATEWAY_LEASE_DURATION must be longer than GATEWAY_DASHEN_CONNECT_TIMEOUT + "
                    + "GATEWAY_DASHEN_REQUEST_TIMEOUT + " + LeasePolicy.STORE_MARGIN.toSeconds() + "s");
            return null;
        }
    }

    private static void requireDistinct(Environment env, Ports ports) {
        boolean clash = (ports.grpc() != 0 && (ports.grpc() == ports.webhook() || ports.grpc() == ports.admin()))
                || (ports.webhook() != 0 && ports.webhook() == ports.admin());
        if (clash) {
            env.problem("GATEWAY_GRPC_PORT, GATEWAY_WEBHOOK_PORT and GATEWAY_ADMIN_PORT must differ");
        }
    }

    @Override
    public String toString() {
        return "GatewayConfig[database=" + databaseUrl + ", dashen=" + dashenBaseUrl + ", ports=" + ports
                + ", grpcAuth=" + (grpcAuthToken.isPresent() ? "on" : "off")
                + ", grpcTls=" + tls.grpc().map(t -> t.clientCa().isPresent() ? "mutual" : "on").orElse("off")
                + ", dashenClientCert=" + (tls.dashenClient().isPresent() ? "on" : "off")
                + ", webhookTls=" + (tls.webhook().isPresent() ? "on" : "off") + "]";
    }
}
