package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.dashen.sandbox.DashenSandbox;
import com.demozpay.gateway.adapter.dashen.sandbox.SandboxFaults;
import com.demozpay.gateway.adapter.dashen.sandbox.SandboxSettings;
import com.demozpay.gateway.adapter.postgres.DatabaseUrl;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.GatewayConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code demo}: the real gateway on its usual ports, with a sandbox bank in-process and, unless
 * {@code GATEWAY_DATABASE_URL} is set, an embedded PostgreSQL, so it runs with nothing installed but
 * Java. The sandbox answers, then calls back, exactly as the bank's contract says. A
 * {@code GATEWAY_DATABASE_URL} that is not on this machine is refused (exit 64).
 */
final class Demo {

    private static final Map<String, String> DEMO_DEFAULTS = Map.of(
            "GATEWAY_RECONCILE_INTERVAL", "5s",
            "GATEWAY_RECONCILE_INFLIGHT_AFTER", "20s",
            "GATEWAY_RECONCILE_INITIATED_AFTER", "1m",
            "GATEWAY_STATUS_REFRESH_AFTER", "10s");

    private Demo() {
    }

    static int run(List<String> options, Map<String, String> env) throws BootFailure {
        boolean walkthrough = options.equals(List.of("--walkthrough"));
        if (!walkthrough && !options.isEmpty()) {
            return Main.usage("demo takes only --walkthrough, got " + String.join(" ", options));
        }
        Map<String, String> demoEnv = new HashMap<>(DEMO_DEFAULTS);
        demoEnv.putAll(env);
        demoEnv.putIfAbsent("GATEWAY_DASHEN_SIGNING_KEY", randomSigningKey());
        demoEnv.putIfAbsent("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:1/"); // replaced once the sandbox listens
        demoEnv.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true"); // the sandbox bank speaks plain http on loopback
        EmbeddedPostgres embedded = env.containsKey("GATEWAY_DATABASE_URL") ? null : startEmbeddedPostgres(demoEnv);
        try {
            GatewayConfig probe = Main.loadConfig(demoEnv);
            if (!isLoopback(probe.databaseUrl())) {
                return Main.usage("demo runs the reconciler with the sandbox as the bank, so GATEWAY_DATABASE_URL"
                        + " must name a loopback host (localhost, 127.x.x.x or ::1), never a real database");
            }
            int webhookPort = probe.ports().webhook() == 0 ? 50053 : probe.ports().webhook();
            demoEnv.put("GATEWAY_WEBHOOK_PORT", String.valueOf(webhookPort));
            try (DashenSandbox sandbox = DashenSandbox.start(
                    SandboxSettings.defaults(probe.dashenSigningKey())
                            .withWebhookUrl(URI.create("http://127.0.0.1:" + webhookPort + "/webhooks/dashen")),
                    new SandboxFaults())) {
                demoEnv.put("GATEWAY_DASHEN_BASE_URL", sandbox.baseUrl().toString());
                return serve(Main.loadConfig(demoEnv), sandbox, walkthrough);
            }
        } finally {
            closeQuietly(embedded);
        }
    }

    /**
     * Whether every host of the URL is this machine. Pointed at a real database, the demo's reconciler
     * would ask the sandbox about real disbursements: failing them, or submitting them again.
     */
    static boolean isLoopback(DatabaseUrl url) {
        return url.hosts().stream().map(DatabaseUrl.Host::name).allMatch(Demo::isLoopbackHost);
    }

    private static boolean isLoopbackHost(String host) {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.equals("localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || name.matches("127(\\.\\d{1,3}){3}");
    }

    private static int serve(GatewayConfig config, DashenSandbox sandbox, boolean walkthrough) throws BootFailure {
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), Main.metricsRegistry())) {
            PrintStream out = System.out;
            printWhatToTry(out, gateway, sandbox);
            if (walkthrough) {
                new Walkthrough(out, gateway.grpcPort(), config.grpcAuthToken(), sandbox).run();
            }
            out.println("Press Ctrl-C to stop.");
            Main.awaitQuietly(stop);
        }
        return 0;
    }

    private static void printWhatToTry(PrintStream out, Gateway gateway, DashenSandbox sandbox) {
        out.printf("""

                Demoz integration gateway — demo
                  gRPC     localhost:%1$d   (demoz.gateway.v1.DisbursementGateway; reflection on)
                  webhook  localhost:%2$d   (POST /webhooks/dashen, signed by the sandbox bank)
                  admin    localhost:%3$d   (/healthz /readyz /metrics)
                  sandbox  %4$s   (Dashen Bank, in-process: accepts after 1 s, completes 2 s later;
                                              accounts ending 0000 are rejected as INVALID_ACCOUNT)

                Try:
                  grpcurl -plaintext -d '{"idempotency_key":"demo-1","product":"EWA","product_reference":"ewa-1",
                    "amount":{"amount_minor":"15000","currency":"ETB"},
                    "beneficiary":{"account_number":"1000123456789","account_name":"Abebe Kebede"}}' \\
                    localhost:%1$d demoz.gateway.v1.DisbursementGateway/InitiateDisbursement
                  grpcurl -plaintext -d '{"idempotency_key":"demo-1"}' \\
                    localhost:%1$d demoz.gateway.v1.DisbursementGateway/GetStatus
                  curl -s localhost:%3$d/readyz
                  curl -s localhost:%3$d/metrics | grep demozpay_

                """, gateway.grpcPort(), gateway.webhookPort(), gateway.adminPort(), sandbox.baseUrl());
    }

    private static EmbeddedPostgres startEmbeddedPostgres(Map<String, String> demoEnv) throws BootFailure {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            demoEnv.put("GATEWAY_DATABASE_URL", embedded.getJdbcUrl("postgres", "postgres"));
            return embedded;
        } catch (IOException e) {
            throw new BootFailure(Category.DATABASE, "embedded PostgreSQL did not start: " + Boot.describe(e));
        }
    }

    /** A throwaway key shared by the gateway and the sandbox; never printed. */
    private static String randomSigningKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the demo's exit for
        }
    }
}
