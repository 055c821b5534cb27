package com.demozpay.gateway.benchmark;

import com.demozpay.gateway.adapter.postgres.PgbenchLifecycles;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.sandbox.SandboxProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The end-to-end benchmark (docs/performance.md): the packaged gateway as a process on a fresh
 * database, the sandbox bank as another process that answers and calls back, N disbursements
 * initiated over gRPC by C concurrent callers and followed to {@code SETTLED}. It checks as it goes
 * that every disbursement settled and that the bank made exactly one transfer for each, then runs
 * pgbench's three-commit lifecycle on the same database for the ceiling, and times launches to
 * {@code /readyz}. All traffic stays on loopback; every wait is bounded.
 */
public final class GatewayBenchmark {

    private static final Duration READY_LIMIT = Duration.ofSeconds(90);
    // The sandbox's delays: short, so that the run's length is the gateway's work, not the bank's waiting.
    private static final Duration ACCEPT_AFTER = Duration.ofMillis(100);
    private static final Duration COMPLETE_AFTER = Duration.ofMillis(100);
    private static final Duration POLL_EVERY = Duration.ofMillis(50);

    private final BenchmarkOptions options;
    private final Path logs;

    GatewayBenchmark(BenchmarkOptions options, Path logs) {
        this.options = options;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of(args));
        Path logs = Files.createDirectories(Path.of(System.getProperty("bench.logs", "target/benchmark")));
        List<BenchmarkResult> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            BenchmarkResult result = new GatewayBenchmark(options, logs).run();
            System.out.print(result.report());
            results.add(result);
        }
        if (results.size() > 1) {
            System.out.print(BenchmarkResult.medians(results));
        }
    }

    /** One run; throws {@link IllegalStateException} when a disbursement did not end as it must. */
    BenchmarkResult run() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String secret = randomSecret();
        int grpcPort = freePort();
        int webhookPort = freePort();
        int adminPort = freePort();
        Path log = logs.resolve("gateway-" + runId + ".log");
        try (TestDatabase database = TestDatabase.create();
                SandboxProcess bank = SandboxProcess.start(secret,
                        URI.create("http://127.0.0.1:" + webhookPort + "/webhooks/dashen"),
                        List.of("--accept-after", ACCEPT_AFTER.toMillis() + "ms", "--complete-after",
                                COMPLETE_AFTER.toMillis() + "ms", "--callback-retry", "200ms", "--reject", "none"))) {
            Map<String, String> env = Map.of(
                    "GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                    "GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString(),
                    "GATEWAY_DASHEN_SIGNING_KEY", secret,
                    // The sandbox speaks plain http on loopback; the gateway refuses that unless told.
                    "GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true",
                    "GATEWAY_GRPC_PORT", Integer.toString(grpcPort),
                    "GATEWAY_WEBHOOK_PORT", Integer.toString(webhookPort),
                    "GATEWAY_ADMIN_PORT", Integer.toString(adminPort));
            System.out.printf("run %s: gateway log %s, database %s%n", runId, log, database.name());
            // The schema first, as an operator applies it before the first serve: a serve that migrated would
            // also write Flyway's classes, which a serve on a current schema never loads, into the archive.
            GatewayUnderTest.migrate(options.jar(), options.javaOptions(), env, log);
            // As ./gateway serve runs: the first launch writes the AppCDS archive as it stops, every later
            // one (the measured process and the timed launches) maps it.
            Path archive = logs.resolve("gateway-" + runId + ".jsa");
            List<String> javaOptions = options.appCds() ? withAppCds(archive, env, log) : options.javaOptions();
            Measured measured;
            try (GatewayUnderTest gateway = GatewayUnderTest.start(options.jar(), javaOptions, env, adminPort, log)) {
                gateway.awaitReady(READY_LIMIT);
                measured = drive(database, bank, gateway, grpcPort, runId);
                gateway.stop();
            }
            Optional<Ceiling> ceiling = pgbenchCeiling(database);
            List<Long> launches = new ArrayList<>();
            for (int i = 0; i < options.launches(); i++) {
                launches.add(launchToReady(javaOptions, env, log));
            }
            Files.deleteIfExists(archive);
            return measured.result(ceiling, launches);
        }
    }

    /** A launch that writes the AppCDS archive as it stops; returns the options that map it. */
    private List<String> withAppCds(Path archive, Map<String, String> env, Path log) {
        launchToReady(with(options.javaOptions(), "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off:stderr"),
                env, log);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the gateway wrote no AppCDS archive " + archive + " (see its log)");
        }
        return with(options.javaOptions(), "-XX:SharedArchiveFile=" + archive);
    }

    /**
     * One launch to {@code /readyz} 200, on fresh ports: a port just freed may still be held by a closing
     * connection, or taken by another process's outgoing connection on a busy machine. A launch that
     * cannot bind is tried again (at most three times) and not counted.
     */
    private long launchToReady(List<String> javaOptions, Map<String, String> env, Path log) {
        for (int attempt = 1; ; attempt++) {
            int adminPort = freePort();
            Map<String, String> launchEnv = new HashMap<>(env);
            launchEnv.put("GATEWAY_GRPC_PORT", Integer.toString(freePort()));
            launchEnv.put("GATEWAY_WEBHOOK_PORT", Integer.toString(freePort()));
            launchEnv.put("GATEWAY_ADMIN_PORT", Integer.toString(adminPort));
            try (GatewayUnderTest gateway = GatewayUnderTest.start(options.jar(), javaOptions, launchEnv, adminPort,
                    log)) {
                long millis = gateway.awaitReady(READY_LIMIT).toMillis();
                gateway.stop();
                return millis;
            } catch (GatewayUnderTest.Exited e) {
                if (e.exitCode != GatewayUnderTest.Exited.LISTENER_FAILED || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** What the measured window gave, before pgbench and the launches. */
    private record Measured(int disbursements, int callers, double seconds, Callers.Batch batch, CpuTimes cpu,
            double transactions, Optional<Long> writeTransactions, long[] resident, long threadsStarted) {

        BenchmarkResult result(Optional<Ceiling> pgbench, List<Long> launches) {
            return new BenchmarkResult(disbursements, callers, seconds, disbursements / seconds,
                    batch.percentileNanos(50) / 1e6, batch.percentileNanos(99) / 1e6, batch.retries(),
                    new BenchmarkResult.CpuPerDisbursement(perDisbursement(cpu.gateway()), perDisbursement(cpu.bank()),
                            perDisbursement(cpu.driver()), perDisbursement(cpu.postgres()),
                            perDisbursement(cpu.machine()), Runtime.getRuntime().availableProcessors()),
                    transactions / disbursements, writeTransactions.map(w -> (double) w / disbursements),
                    resident[0], resident[1], threadsStarted, pgbench.map(Ceiling::lifecyclesPerSecond),
                    pgbench.map(Ceiling::machineCpuMillisPerLifecycle), launches);
        }

        private double perDisbursement(long ticks) {
            return (double) CpuTimes.toDuration(ticks).toNanos() / 1e6 / disbursements;
        }
    }

    /** pgbench's rate, and the machine's CPU time per lifecycle while it ran. */
    private record Ceiling(double lifecyclesPerSecond, double machineCpuMillisPerLifecycle) {
    }

    private Measured drive(TestDatabase database, SandboxProcess bank, GatewayUnderTest gateway, int grpcPort,
            String runId) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try (DatabaseProbe probe = new DatabaseProbe(database)) {
            Callers callers = new Callers(channel, runId);
            if (options.warmup() > 0) {
                Callers.Batch warmup = callers.initiate("warmup", options.warmup(), options.callers());
                expectNoFailures(warmup);
                awaitSettled(probe, options.warmup());
            }
            gateway.threadsStarted(); // the first attach starts the JVM's attach listener: not ours to count
            long threadsBefore = gateway.threadsStarted();
            DatabaseProbe.Counters before = probe.counters();
            long probeBefore = probe.ownTransactions();
            CpuTimes cpuBefore = CpuTimes.of(gateway.pid(), bank.pid());
            long started = System.nanoTime();

            Callers.Batch batch = callers.initiate("measured", options.disbursements(), options.callers());
            expectNoFailures(batch);
            int everyone = options.warmup() + options.disbursements();
            awaitSettled(probe, everyone);

            double seconds = (System.nanoTime() - started) / 1e9;
            CpuTimes cpu = CpuTimes.of(gateway.pid(), bank.pid()).minus(cpuBefore);
            long threads = gateway.threadsStarted() - threadsBefore;
            long[] resident = gateway.residentKiB();
            // Backends report their counts when idle, within a second of their last transaction.
            GatewayUnderTest.pause(Duration.ofMillis(1500));
            long probeTransactions = probe.ownTransactions() - probeBefore;
            DatabaseProbe.Counters after = probe.counters();
            Optional<Long> writes = probe.writeTransactionsBetween(before, after);
            checkTheBank(probe, bank, everyone);
            return new Measured(options.disbursements(), options.callers(), seconds, batch, cpu,
                    after.commits() - before.commits() - probeTransactions, writes, resident, threads);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Polls until {@code count} disbursements are SETTLED; a FAILED one or a stall is an error. */
    private void awaitSettled(DatabaseProbe probe, int count) throws SQLException {
        // Bounded: at least a minute, and never less than 20 disbursements a second would need.
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + count / 20).toNanos();
        while (System.nanoTime() < deadline) {
            DatabaseProbe.States states = probe.progress();
            if (states.failed() > 0) {
                throw new IllegalStateException(states.failed() + " disbursements ended FAILED: " + states);
            }
            if (states.settled() == count) {
                return;
            }
            GatewayUnderTest.pause(POLL_EVERY);
        }
        throw new IllegalStateException("not every disbursement settled in time: " + probe.progress());
    }

    /** The bank made exactly one transfer per disbursement, each received once, and called back twice for each. */
    private static void checkTheBank(DatabaseProbe probe, SandboxProcess bank, int count) throws SQLException {
        DatabaseProbe.States states = probe.states();
        SandboxProcess.Counts ledger = bank.counts();
        if (states.total() != count || states.settled() != count || states.distinctPartnerReferences() != count) {
            throw new IllegalStateException("expected " + count + " SETTLED disbursements with distinct transfers: "
                    + states);
        }
        if (ledger.transfers() != count || ledger.submits() != count || ledger.callbacksDelivered() != 2 * count) {
            throw new IllegalStateException("expected the bank to hold " + count + " transfers from " + count
                    + " submits, with " + 2 * count + " callbacks delivered: " + ledger);
        }
    }

    private Optional<Ceiling> pgbenchCeiling(TestDatabase database) throws IOException, InterruptedException,
            SQLException {
        if (options.pgbenchSeconds() == 0) {
            return Optional.empty();
        }
        Path script = PgbenchLifecycles.writeScript();
        try {
            long before = CpuTimes.machineBusy();
            double rate = PgbenchLifecycles.rate(options.pgbench(), database, script, options.pgbenchClients(),
                    options.pgbenchSeconds());
            long machine = CpuTimes.machineBusy() - before;
            PgbenchLifecycles.checkDidTheWork(database, options.pgbenchClients());
            double lifecycles = rate * options.pgbenchSeconds();
            return Optional.of(new Ceiling(rate, CpuTimes.toDuration(machine).toNanos() / 1e6 / lifecycles));
        } finally {
            Files.delete(script);
        }
    }

    static void expectNoFailures(Callers.Batch batch) {
        if (!batch.failures().isEmpty()) {
            throw new IllegalStateException(batch.failures().size() + " initiate calls failed, e.g. "
                    + batch.failures().get(0));
        }
    }

    private static List<String> with(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
