package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.postgres.Migrations;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.ConfigException;
import com.demozpay.gateway.app.config.GatewayConfig;
import com.demozpay.gateway.app.logging.GatewayLogConfigurator;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher of the production jar: {@code serve} (default), {@code check-config}, {@code migrate} and
 * {@code wait-for-db}. A boot failure ends the process with its category's exit code and, as the last line
 * on standard output, one JSON log line naming the cause. The demo is not in this jar: module
 * {@code gateway-demo} has its own launcher, built on the public methods here.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /**
     * The one result line of {@code check-config} and {@code migrate}. {@link GatewayLogConfigurator} pins this
     * logger to INFO, so the line is printed whatever {@code GATEWAY_LOG_LEVEL} says: it is the command's output.
     */
    static final String RESULT_LOGGER = GatewayLogConfigurator.RESULT_LOGGER;
    private static final Logger result = LoggerFactory.getLogger(RESULT_LOGGER);
    /** The exit code of a command line that names no known command or takes wrong options. */
    public static final int USAGE_ERROR = 64;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv()));
    }

    static int run(List<String> args, Map<String, String> env) {
        String command = args.isEmpty() ? "serve" : args.get(0);
        List<String> options = args.isEmpty() ? List.of() : args.subList(1, args.size());
        return exitCodeOf(() -> switch (command) {
            case "serve" -> noOptions(command, options) ? serve(env) : USAGE_ERROR;
            case "check-config" -> noOptions(command, options) ? checkConfig(env) : USAGE_ERROR;
            case "migrate" -> noOptions(command, options) ? migrate(env) : USAGE_ERROR;
            case "wait-for-db" -> waitForDatabase(options, env);
            case "reconcile", "recover" -> StatementCommands.run(command, options, env, System.out);
            case "demo" -> usage("the demo is not part of the production jar; run ./gateway demo, which starts"
                    + " gateway-demo/target/gateway-demo.jar");
            default -> OperatorCommands.handles(command) ? OperatorCommands.run(command, options, env)
                    : usage("unknown command " + command);
        });
    }

    /** A command of the launcher: returns the process's exit code, or fails to boot. */
    @FunctionalInterface
    public interface Command {
        int run() throws BootFailure;
    }

    /**
     * Runs a command and turns a boot failure (or anything unexpected) into its exit code and the one
     * JSON log line naming the cause, as every launcher of the gateway must.
     */
    public static int exitCodeOf(Command command) {
        try {
            return command.run();
        } catch (BootFailure failure) {
            log.atError().setMessage(failure.category().message()).addKeyValue("err", failure.getMessage()).log();
            return failure.category().exitCode();
        } catch (RuntimeException unexpected) {
            log.atError().setMessage(Category.UNEXPECTED.message()).addKeyValue("err", Boot.describe(unexpected))
                    .setCause(unexpected).log();
            return Category.UNEXPECTED.exitCode();
        }
    }

    /** Loads the configuration from {@code GATEWAY_*} variables and sets the log level it names. */
    public static GatewayConfig loadConfig(Map<String, String> env) throws BootFailure {
        try {
            GatewayConfig config = GatewayConfig.load(env);
            LogLevels.setRoot(config.logLevel());
            return config;
        } catch (ConfigException e) {
            throw new BootFailure(Category.CONFIG, e.getMessage());
        }
    }

    private static int serve(Map<String, String> env) throws BootFailure {
        return serveUntilSignalled(loadConfig(env));
    }

    /** Runs the gateway until SIGTERM or SIGINT, then shuts it down gracefully and returns 0. */
    static int serveUntilSignalled(GatewayConfig config) throws BootFailure {
        return serveUntilSignalled(config, gateway -> { });
    }

    /**
     * Runs the gateway until SIGTERM or SIGINT, handing it to {@code whenStarted} once every listener is
     * up (the demo prints its ports and runs its walkthrough there), then shuts it down gracefully and
     * returns 0.
     */
    public static int serveUntilSignalled(GatewayConfig config, Consumer<Gateway> whenStarted) throws BootFailure {
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        try (Gateway gateway = Gateway.start(config, Clock.systemUTC(), metricsRegistry())) {
            whenStarted.accept(gateway);
            awaitQuietly(stop);
        }
        return 0;
    }

    private static int checkConfig(Map<String, String> env) throws BootFailure {
        GatewayConfig config = loadConfig(env);
        try (PostgresPool pool = Boot.openPool(config)) {
            Boot.dashenSettings(config);
            Migrations.MigrationStatus migrations;
            try {
                migrations = new Migrations(pool.dataSource()).check();
            } catch (RuntimeException e) {
                throw new BootFailure(Category.MIGRATION, Boot.describe(e));
            }
            if (!migrations.problems().isEmpty()) {
                throw new BootFailure(Category.MIGRATION, Boot.describe(migrations));
            }
            result.atInfo().setMessage("config check passed")
                    .addKeyValue("database", "reachable")
                    .addKeyValue("migrations_applied", migrations.applied().size())
                    .addKeyValue("migrations_pending", migrations.pending().size())
                    .addKeyValue("dashen_base_url", config.dashenBaseUrl())
                    .addKeyValue("grpc_auth", config.grpcAuthToken().isPresent())
                    .log();
        }
        return 0;
    }

    private static int migrate(Map<String, String> env) throws BootFailure {
        GatewayConfig config = loadConfig(env);
        try (PostgresPool pool = Boot.openPool(config)) {
            int applied;
            try {
                applied = new Migrations(pool.dataSource()).apply();
            } catch (RuntimeException e) {
                throw new BootFailure(Category.MIGRATION, Boot.describe(e));
            }
            result.atInfo().setMessage("migrations applied").addKeyValue("applied", applied).log();
        }
        return 0;
    }

    /** Exit 0 once the database takes writes; 3 ({@code pg pool init failed}) after the timeout; 2, 64 as usual. */
    private static int waitForDatabase(List<String> options, Map<String, String> env) throws BootFailure {
        Optional<Duration> timeout = WaitForDatabase.timeout(options);
        if (timeout.isEmpty()) {
            return usage("wait-for-db takes only --timeout=<1-3600s or 1-60m>, got " + String.join(" ", options));
        }
        GatewayConfig config = loadConfig(env);
        Duration waited = WaitForDatabase.await(config, timeout.get());
        result.atInfo().setMessage("database ready").addKeyValue("waited_ms", waited.toMillis()).log();
        return 0;
    }

    static PrometheusMeterRegistry metricsRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean noOptions(String command, List<String> options) {
        if (options.isEmpty()) {
            return true;
        }
        usage(command + " takes no options, got " + String.join(" ", options));
        return false;
    }

    static int usage(String problem) {
        log.atError().setMessage("usage error").addKeyValue("err",
                problem + "; usage: gateway [serve | check-config | migrate | wait-for-db [--timeout=5m] | initiate | status | list | anomalies | inbox | resolve | reconcile | recover | demo [--walkthrough]] (docs/runbook.md: each command's options)").log();
        return USAGE_ERROR;
    }
}
