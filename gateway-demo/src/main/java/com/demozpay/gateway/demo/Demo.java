package com.demozpay.gateway.demo;

import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.BootFailure;
import com.demozpay.gateway.app.Gateway;
import com.demozpay.gateway.app.Main;
import com.demozpay.gateway.app.config.GatewayConfig;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./gateway demo}: the real gateway on its usual ports, with a sandbox bank in-process and an
 * embedded PostgreSQL it starts itself, so it runs with nothing installed but Java. The sandbox answers,
 * then calls back, exactly as the bank's contract says.
 *
 * <p>The demo's reconciler treats the sandbox as the bank: pointed at a database that holds real
 * disbursements, it would fail them ("no record") or submit them again. So the demo refuses every
 * database it did not start (a set {@code GATEWAY_DATABASE_URL} is a usage error, exit 64), unless
 * {@code --disposable-database URL} says, in so many words, that the database holds nothing that matters.
 */
public final class Demo {

    static final String USAGE = "usage: gateway demo [--walkthrough] [--disposable-database URL]";
    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    private static final Map<String, String> DEMO_DEFAULTS = Map.of(
            "GATEWAY_RECONCILE_INTERVAL", "5s",
            "GATEWAY_RECONCILE_INFLIGHT_AFTER", "20s",
            "GATEWAY_RECONCILE_INITIATED_AFTER", "1m",
            "GATEWAY_STATUS_REFRESH_AFTER", "10s");

    private Demo() {
    }

    /** The demo jar's entry point; {@code ./gateway demo ARGS} runs it with ARGS. */
    public static void main(String[] args) {
        System.exit(Main.exitCodeOf(() -> run(List.of(args), System.getenv())));
    }

    static int run(List<String> args, Map<String, String> env) throws BootFailure {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (env.containsKey("GATEWAY_DATABASE_URL")) {
            return usage("GATEWAY_DATABASE_URL is set, but the demo uses only a database it starts itself (its"
                    + " reconciler takes the sandbox for the bank, and would fail or resubmit real disbursements);"
                    + " unset it, or pass " + DemoOptions.DISPOSABLE_DATABASE + " URL for a database that holds"
                    + " nothing that matters");
        }
        Map<String, String> demoEnv = new HashMap<>(DEMO_DEFAULTS);
        demoEnv.putAll(env);
        demoEnv.putIfAbsent("GATEWAY_DASHEN_SIGNING_KEY", randomSigningKey());
        demoEnv.putIfAbsent("GATEWAY_DASHEN_BASE_URL", "http://127.0.0.1:1/"); // replaced once the sandbox listens
        options.disposableDatabaseUrl().ifPresent(url -> demoEnv.put("GATEWAY_DATABASE_URL", url));
        demoEnv.put("GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true"); // the sandbox bank speaks plain http on loopback
        EmbeddedPostgres embedded = options.disposableDatabaseUrl().isPresent() ? null : startEmbeddedPostgres(demoEnv);
        try {
            GatewayConfig probe = Main.loadConfig(demoEnv);
            int webhookPort = probe.ports().webhook() == 0 ? 50053 : probe.ports().webhook();
            demoEnv.put("GATEWAY_WEBHOOK_PORT", String.valueOf(webhookPort));
            try (DashenSandbox sandbox = DashenSandbox.start(
                    SandboxSettings.defaults(probe.dashenSigningKey())
                            .withWebhookUrl(URI.create("http://127.0.0.1:" + webhookPort + "/webhooks/dashen")),
                    new SandboxFaults())) {
                demoEnv.put("GATEWAY_DASHEN_BASE_URL", sandbox.baseUrl().toString());
                GatewayConfig config = Main.loadConfig(demoEnv);
                return Main.serveUntilSignalled(config, gateway -> {
                    PrintStream out = System.out;
                    printWhatToTry(out, gateway, sandbox);
                    if (options.walkthrough()) {
                        new Walkthrough(out, gateway.grpcPort(), config.grpcAuthToken(), sandbox).run();
                    }
                    out.println("Press Ctrl-C to stop.");
                });
            }
        } finally {
            closeQuietly(embedded);
        }
    }

    private static int usage(String problem) {
        log.atError().setMessage("usage error").addKeyValue("err", problem + "; " + USAGE).log();
        return Main.USAGE_ERROR;
    }

    private static void printWhatToTry(PrintStream out, Gateway gateway, DashenSandbox sandbox) {
        out.printf("""

                Demoz integration gateway — demo
                  gRPC     localhost:%1$d   (demoz.gateway.v1.DisbursementGateway; reflection on)
                  webhook  localhost:%2$d   (POST /webhooks/dashen, signed by the sandbox bank)
                  admin    localhost:%3$d   (/healthz /readyz /metrics)
                  sandbox  %4$s   (Dashen Bank, in-process: accepts after 1 s, completes 2 s later;
                                              accounts ending 0000 are rejected as INVALID_ACCOUNT)

                Try it with the gateway's own commands (in another terminal, from this checkout):
                  ./gateway initiate --target localhost:%1$d --key demo-1 --product EWA \\
                    --product-reference ewa-1 --amount-minor 15000 --account-number 1000123456789 \\
                    --account-name "Abebe Kebede"
                  ./gateway status --target localhost:%1$d --key demo-1
                  ./gateway status --target localhost:%1$d --key demo-1 --json
                  curl -s localhost:%3$d/readyz
                  curl -s localhost:%3$d/metrics | grep demozpay_
                An account ending 0000 ends FAILED. grpcurl works too (reflection is on); the operator
                commands (list, anomalies, inbox, resolve) are in docs/runbook.md.

                """, gateway.grpcPort(), gateway.webhookPort(), gateway.adminPort(), sandbox.baseUrl());
    }

    private static EmbeddedPostgres startEmbeddedPostgres(Map<String, String> demoEnv) throws BootFailure {
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            demoEnv.put("GATEWAY_DATABASE_URL", embedded.getJdbcUrl("postgres", "postgres"));
            return embedded;
        } catch (IOException e) {
            throw new BootFailure(Category.DATABASE, "embedded PostgreSQL did not start: " + e.getMessage());
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
