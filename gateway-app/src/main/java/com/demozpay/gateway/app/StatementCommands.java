package com.demozpay.gateway.app;

import com.demozpay.gateway.adapter.dashen.DashenStatementClient;
import com.demozpay.gateway.adapter.dashen.DashenStatementFile;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.adapter.postgres.PostgresReconciliationStore;
import com.demozpay.gateway.adapter.postgres.PostgresRecoveryStore;
import com.demozpay.gateway.app.config.GatewayConfig;
import com.demozpay.gateway.app.ops.Monitors;
import com.demozpay.gateway.app.statement.DailyStatementReconciliation;
import com.demozpay.gateway.app.statement.ReconciliationGauges;
import com.demozpay.gateway.app.statement.StatementReport;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase.Origin;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase.StoredReconciliation;
import com.demozpay.gateway.ports.in.RecoverFromStatementUseCase;
import com.demozpay.gateway.ports.in.RecoverFromStatementUseCase.RecoveryReport;
import com.demozpay.gateway.ports.out.PartnerStatements;
import com.demozpay.gateway.ports.out.StatementUnavailableException;
import com.demozpay.gateway.ports.service.ReconcileStatementService;
import com.demozpay.gateway.ports.service.RecoverFromStatementService;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's statement commands, with the gateway's {@code GATEWAY_*} environment:
 * {@code reconcile --date D | --file F [--date D] [--json]} classifies the bank's statement of a day
 * against our books, stores the run and exits {@link #DISCREPANCIES_FOUND} when a human must look;
 * {@code recover --date D | --file F [--date D] [--json]} recreates, after a restore from an older
 * copy, the transfers the bank holds under our ids that we lost. Exit codes are in docs/runbook.md.
 */
public final class StatementCommands {

    private static final Logger log = LoggerFactory.getLogger(StatementCommands.class);
    public static final Set<String> COMMANDS = Set.of("reconcile", "recover");
    /** {@code reconcile} found at least one discrepancy (the run is stored). */
    public static final int DISCREPANCIES_FOUND = 10;
    /** The bank's statement could not be had whole; nothing was stored. */
    public static final int STATEMENT_UNAVAILABLE = 11;
    /** The statement file cannot be used; nothing was stored. */
    public static final int STATEMENT_FILE_INVALID = 12;

    private StatementCommands() {
    }

    /** The options of one command line. */
    private record Options(Optional<LocalDate> date, Optional<Path> file, boolean json) {
    }

    /** Runs {@code command} ({@link #COMMANDS}) with {@code options}; returns the exit code. */
    public static int run(String command, List<String> options, Map<String, String> env, PrintStream out)
            throws BootFailure {
        Optional<Options> parsed = parse(command, options);
        if (parsed.isEmpty()) {
            return Main.USAGE_ERROR;
        }
        GatewayConfig config = Main.loadConfig(env);
        Clock clock = Clock.systemUTC();
        try (PostgresPool pool = Boot.openPool(config);
                DashenStatementClient bank = new DashenStatementClient(Boot.dashenSettings(config),
                        Gateway.dashenTls(config.tls()), clock)) {
            Boot.migrate(config, pool);
            Statement statement = statement(parsed.get(), bank);
            StatementReport report = new StatementReport(out);
            if (command.equals("reconcile")) {
                ReconcileStatementUseCase reconcile = new ReconcileStatementService(bank,
                        new PostgresReconciliationStore(pool.dataSource()), clock);
                Origin origin = parsed.get().file().isPresent() ? Origin.FILE : Origin.BANK;
                StoredReconciliation run = reconcile.reconcile(statement, origin);
                report.reconciliation(run, origin.label(), parsed.get().json());
                return run.reconciliation().hasDiscrepancies() ? DISCREPANCIES_FOUND : 0;
            }
            RecoverFromStatementUseCase recover = new RecoverFromStatementService(bank,
                    new PostgresRecoveryStore(pool.dataSource()), clock);
            RecoveryReport recovery = recover.recover(statement);
            recovery.recovered().forEach(StatementCommands::logRecovered);
            report.recovery(recovery, parsed.get().json());
            return 0;
        } catch (StatementUnavailableException e) {
            log.atError().setMessage("statement unavailable").addKeyValue("err", e.getMessage()).log();
            return STATEMENT_UNAVAILABLE;
        } catch (DashenStatementFile.InvalidStatementFileException e) {
            log.atError().setMessage("statement file rejected").addKeyValue("err", e.getMessage()).log();
            return STATEMENT_FILE_INVALID;
        }
    }

    /**
     * In a serving gateway: the gauges of the latest reconciliation, and with
     * {@code GATEWAY_STATEMENT_RECONCILE_AT} the daily run, on the monitors' threads.
     */
    static void scheduleDaily(GatewayConfig config, DataSource dataSource, PartnerStatements bank, Clock clock,
            MeterRegistry registry, Monitors monitors) {
        PostgresReconciliationStore store = new PostgresReconciliationStore(dataSource);
        ReconciliationGauges gauges = new ReconciliationGauges(store, registry);
        gauges.refresh();
        monitors.schedule("reconciliation_gauges", gauges::refresh);
        if (config.statementReconcileAt().isPresent()) {
            DailyStatementReconciliation daily = new DailyStatementReconciliation(config.statementReconcileAt().get(),
                    new ReconcileStatementService(bank, store, clock), store, clock);
            monitors.schedule("daily_statement_reconciliation", daily::tick);
        }
    }

    private static Statement statement(Options options, PartnerStatements bank)
            throws DashenStatementFile.InvalidStatementFileException {
        if (options.file().isPresent()) {
            return DashenStatementFile.read(options.file().get(), options.date());
        }
        return bank.statementFor(options.date().orElseThrow());
    }

    private static void logRecovered(RecoveredTransfer t) {
        log.atWarn().setMessage("transfer recovered")
                .addKeyValue("disbursement_id", t.id())
                .addKeyValue("status", t.status())
                .addKeyValue("amount_minor", t.amount().amountMinor())
                .addKeyValue("partner_reference", t.transferId())
                .addKeyValue("statement_date", t.valueDate())
                .log();
    }

    private static Optional<Options> parse(String command, List<String> args) {
        Optional<LocalDate> date = Optional.empty();
        Optional<Path> file = Optional.empty();
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (option) {
                case "--json" -> json = true;
                case "--date" -> {
                    if (!hasValue || date.isPresent()) {
                        return usage(command, "--date takes one YYYY-MM-DD, once");
                    }
                    try {
                        date = Optional.of(LocalDate.parse(args.get(++i)));
                    } catch (DateTimeParseException e) {
                        return usage(command, "--date must be YYYY-MM-DD");
                    }
                }
                case "--file" -> {
                    if (!hasValue || file.isPresent()) {
                        return usage(command, "--file takes one path, once");
                    }
                    file = Optional.of(Path.of(args.get(++i)));
                }
                default -> {
                    return usage(command, "unknown option " + option);
                }
            }
        }
        if (date.isEmpty() && file.isEmpty()) {
            return usage(command, "give --date YYYY-MM-DD (the bank's statement) or --file PATH (a statement file)");
        }
        return Optional.of(new Options(date, file, json));
    }

    private static Optional<Options> usage(String command, String problem) {
        Main.usage(command + ": " + problem + "; usage: gateway " + command
                + " --date YYYY-MM-DD | --file PATH [--date YYYY-MM-DD] [--json]");
        return Optional.empty();
    }
}
