package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.postgres.Migrations;
import com.demozpay.gateway.adapter.postgres.PoolInitException;
import com.demozpay.gateway.adapter.postgres.PoolSettings;
import com.demozpay.gateway.adapter.postgres.PostgresAnomalyLog;
import com.demozpay.gateway.adapter.postgres.PostgresDisbursementStore;
import com.demozpay.gateway.adapter.postgres.PostgresOperatorQueries;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.adapter.postgres.PostgresResolutionStore;
import com.demozpay.gateway.app.BootFailure.Category;
import com.demozpay.gateway.app.config.ConfigException;
import com.demozpay.gateway.app.config.GatewayConfig;
import com.demozpay.gateway.app.config.OperatorVariables;
import com.demozpay.gateway.app.operator.ApiCommands;
import com.demozpay.gateway.app.operator.DatabaseCommands;
import com.demozpay.gateway.app.operator.ExitCodes;
import com.demozpay.gateway.app.operator.Output;
import com.demozpay.gateway.app.operator.ResolveCommand;
import com.demozpay.gateway.app.operator.UsageException;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.service.ResolveDisbursementService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's operator commands ({@code docs/runbook.md}, "Operator commands"): {@code initiate} and
 * {@code status} over the gateway's gRPC API; {@code list}, {@code anomalies} and {@code inbox} read from
 * its database in read-only transactions; {@code resolve} asks the bank and writes an audited
 * transition. Arguments are checked whole before anything is opened (a bad one exits 64 having done
 * nothing); log lines go to standard error, the command's output to standard output.
 */
final class OperatorCommands {

    static final Set<String> COMMANDS = Set.of("initiate", "status", "list", "anomalies", "inbox", "resolve");

    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private OperatorCommands() {
    }

    static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    static int run(String command, List<String> args, Map<String, String> env) throws BootFailure {
        LogTarget.standardError();
        Output.Factory output = Output.Factory.to(System.out);
        try {
            return switch (command) {
                case "initiate" -> ApiCommands.initiate(args, grpcToken(env), output);
                case "status" -> ApiCommands.status(args, grpcToken(env), output);
                case "list" -> {
                    var request = DatabaseCommands.ListRequest.parse(args);
                    try (PostgresPool pool = readPool(env)) {
                        yield request.run(new PostgresOperatorQueries(pool.dataSource()), Clock.systemUTC(), output);
                    }
                }
                case "anomalies" -> {
                    var request = DatabaseCommands.AnomaliesRequest.parse(args);
                    try (PostgresPool pool = readPool(env)) {
                        yield request.run(new PostgresAnomalyLog(pool.dataSource()), output);
                    }
                }
                case "inbox" -> {
                    var request = DatabaseCommands.InboxRequest.parse(args);
                    try (PostgresPool pool = readPool(env)) {
                        yield request.run(new PostgresOperatorQueries(pool.dataSource()), output);
                    }
                }
                case "resolve" -> resolve(ResolveCommand.parse(args), env, output);
                default -> throw new IllegalArgumentException("not an operator command: " + command);
            };
        } catch (UsageException bad) {
            log.atError().setMessage("usage error")
                    .addKeyValue("err", command + ": " + bad.getMessage() + "; usage: " + usageOf(command)).log();
            return Main.USAGE_ERROR;
        } catch (StoreUnavailableException unavailable) {
            log.atError().setMessage("database unavailable").addKeyValue("command", command)
                    .addKeyValue("err", unavailable.getMessage()).log();
            return ExitCodes.UNAVAILABLE;
        }
    }

    /** The bank is asked with the gateway's own settings: run it with the gateway's environment. */
    private static int resolve(ResolveCommand command, Map<String, String> env, Output.Factory output)
            throws BootFailure {
        GatewayConfig config = Main.loadConfig(env);
        try (PostgresPool pool = Boot.openPool(config);
                var partner = new DashenPartnerClient(Boot.dashenSettings(config), Gateway.dashenTls(config.tls()),
                        Clock.systemUTC(), new SimpleMeterRegistry())) {
            requireMigrated(pool);
            var useCase = new ResolveDisbursementService(new PostgresDisbursementStore(pool.dataSource()), partner,
                    new PostgresAnomalyLog(pool.dataSource()), new PostgresResolutionStore(pool.dataSource()),
                    Clock.systemUTC());
            return command.run(useCase, output);
        }
    }

    private static PostgresPool readPool(Map<String, String> env) throws BootFailure {
        PostgresPool pool;
        try {
            pool = PostgresPool.open(OperatorVariables.databaseUrl(env),
                    new PoolSettings(PoolSettings.MIN_SIZE, CONNECT_TIMEOUT, QUERY_TIMEOUT));
        } catch (ConfigException e) {
            throw new BootFailure(Category.CONFIG, e.getMessage());
        } catch (PoolInitException e) {
            throw new BootFailure(Category.DATABASE, e.getMessage());
        }
        try {
            requireMigrated(pool);
            return pool;
        } catch (BootFailure | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The operator's tables come with a migration: a database without it is named, not queried. */
    private static void requireMigrated(PostgresPool pool) throws BootFailure {
        Migrations.MigrationStatus status;
        try {
            status = new Migrations(pool.dataSource()).check();
        } catch (RuntimeException e) {
            throw new BootFailure(Category.MIGRATION, Boot.describe(e));
        }
        if (!status.upToDate()) {
            throw new BootFailure(Category.MIGRATION, Boot.describe(status));
        }
    }

    private static Optional<String> grpcToken(Map<String, String> env) throws BootFailure {
        try {
            return OperatorVariables.grpcAuthToken(env);
        } catch (ConfigException e) {
            throw new BootFailure(Category.CONFIG, e.getMessage());
        }
    }

    private static String usageOf(String command) {
        return switch (command) {
            case "initiate" -> ApiCommands.INITIATE_USAGE;
            case "status" -> ApiCommands.STATUS_USAGE;
            case "list" -> DatabaseCommands.LIST_USAGE;
            case "anomalies" -> DatabaseCommands.ANOMALIES_USAGE;
            case "inbox" -> DatabaseCommands.INBOX_USAGE;
            default -> ResolveCommand.USAGE;
        };
    }
}
