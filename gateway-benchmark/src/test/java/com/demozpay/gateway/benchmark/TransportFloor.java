package com.demozpay.gateway.benchmark;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.benchmark.TransportFloorServer.Stage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transport floor (docs/performance.md): the CPU one disbursement costs a process that does only the
 * gateway's exchanges, with the gateway's libraries, settings and JVM flags ({@link TransportFloorServer}),
 * driven as the end-to-end benchmark drives the gateway: the same gRPC callers, warm-up and window. A stage
 * per exchange, each on a fresh process and database, so each exchange's cost is a difference of two
 * stages; the last stage is the least the gateway's work could cost with these libraries on this machine.
 * It checks the work was done: every row in its final state, every submit and callback received.
 */
public final class TransportFloor {

    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);

    /** One stage's window: the floor process's CPU per disbursement, and its rate. */
    record StageResult(Stage stage, int disbursements, double seconds, double cpuMillisPerDisbursement) {

        double perSecond() {
            return disbursements / seconds;
        }
    }

    private final BenchmarkOptions options;
    private final Path logs;

    TransportFloor(BenchmarkOptions options, Path logs) {
        this.options = options;
        this.logs = logs;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of(args));
        Path logs = Files.createDirectories(Path.of(System.getProperty("bench.logs", "target/benchmark")));
        List<Map<Stage, StageResult>> runs = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            Map<Stage, StageResult> results = new TransportFloor(options, logs).run();
            System.out.print(report("run " + run, results));
            runs.add(results);
        }
        if (runs.size() > 1) {
            System.out.print(report("medians of " + runs.size() + " runs", medians(runs)));
        }
    }

    /** Every stage once, in order. */
    Map<Stage, StageResult> run() throws Exception {
        Map<Stage, StageResult> results = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            results.put(stage, measure(stage));
        }
        return results;
    }

    private StageResult measure(Stage stage) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String secret = GatewayBenchmark.randomSecret();
        int grpcPort = GatewayBenchmark.freePort();
        URI webhook = URI.create("http://127.0.0.1:" + GatewayBenchmark.freePort() + "/webhooks/dashen");
        Path log = logs.resolve("floor-" + stage.name().toLowerCase() + "-" + runId + ".log");
        try (TestDatabase database = TestDatabase.create();
                FloorBank bank = new FloorBank(stage.includes(Stage.CALLBACKS), webhook, secret)) {
            execute(database, TransportFloorServer.TABLE);
            Process floor = start(stage, grpcPort, webhook, bank, database, secret, log);
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
            try {
                awaitReady(floor, log);
                Callers callers = new Callers(channel, runId);
                int callbacksPerDisbursement = stage.includes(Stage.CALLBACKS) ? 2 : 0;
                if (options.warmup() > 0) {
                    GatewayBenchmark.expectNoFailures(callers.initiate("warmup", options.warmup(), options.callers()));
                    awaitCallbacks(bank, callbacksPerDisbursement * options.warmup());
                }
                long cpuBefore = CpuTimes.process(floor.pid());
                long started = System.nanoTime();
                GatewayBenchmark.expectNoFailures(callers.initiate("measured", options.disbursements(), options.callers()));
                int everyone = options.warmup() + options.disbursements();
                awaitCallbacks(bank, callbacksPerDisbursement * everyone);
                double seconds = (System.nanoTime() - started) / 1e9;
                long cpu = CpuTimes.process(floor.pid()) - cpuBefore;
                checkTheWork(stage, database, bank, everyone);
                return new StageResult(stage, options.disbursements(), seconds,
                        CpuTimes.toDuration(cpu).toNanos() / 1e6 / options.disbursements());
            } finally {
                channel.shutdownNow();
                GatewayUnderTest.terminate(floor, Duration.ofSeconds(10));
            }
        }
    }

    private Process start(Stage stage, int grpcPort, URI webhook, FloorBank bank, TestDatabase database,
            String secret, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.javaOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TransportFloorServer.class.getName(),
                "serve", stage.name(), Integer.toString(grpcPort), Integer.toString(webhook.getPort()),
                bank.baseUrl().toString(), database.jdbcConnectionString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(TransportFloorServer.SIGNING_KEY_VARIABLE, secret);
        return builder.start();
    }

    private static void awaitReady(Process floor, Path log) throws IOException {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!floor.isAlive()) {
                throw new IllegalStateException("the floor process exited with " + floor.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (Files.readString(log, StandardCharsets.UTF_8).contains(TransportFloorServer.READY)) {
                return;
            }
            GatewayUnderTest.pause(POLL_EVERY);
        }
        throw new IllegalStateException("the floor process was not ready within " + READY_LIMIT + " (see " + log + ")");
    }

    /** Waits, bounded, until the bank has delivered {@code expected} callbacks; one the floor refused ends the wait. */
    private static void awaitCallbacks(FloorBank bank, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + expected / 20).toNanos();
        while (bank.callbacksDelivered() < expected) {
            bank.firstFailure().ifPresent(failure -> {
                throw new IllegalStateException(failure);
            });
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + bank.callbacksDelivered() + " of " + expected + " callbacks delivered");
            }
            GatewayUnderTest.pause(POLL_EVERY);
        }
    }

    /** The stage did all of its work: one row per disbursement in its final state, one submit per disbursement. */
    private static void checkTheWork(Stage stage, TestDatabase database, FloorBank bank, int everyone)
            throws SQLException {
        if (stage.includes(Stage.BANK) && bank.submits() != everyone) {
            throw new IllegalStateException("the bank received " + bank.submits() + " submits for " + everyone);
        }
        if (stage.includes(Stage.DATABASE)) {
            String finalStatus = stage.includes(Stage.CALLBACKS) ? "SETTLED" : "SUBMITTED";
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE status = '" + finalStatus
                            + "'), count(*) FROM floor_disbursements")) {
                rows.next();
                if (rows.getInt(1) != everyone || rows.getInt(2) != everyone) {
                    throw new IllegalStateException("expected " + everyone + " rows " + finalStatus + ", found "
                            + rows.getInt(1) + " of " + rows.getInt(2));
                }
            }
        }
    }

    static String report(String title, Map<Stage, StageResult> results) {
        StringBuilder report = new StringBuilder("transport floor, " + title + "\n");
        report.append(String.format("  %-10s %-62s %14s %10s%n", "stage", "adds, per disbursement", "CPU ms", "per s"));
        double before = 0;
        for (StageResult result : results.values()) {
            report.append(String.format("  %-10s %-62s %6.3f (+%.3f) %10.1f%n", result.stage(), result.stage().adds,
                    result.cpuMillisPerDisbursement(), result.cpuMillisPerDisbursement() - before, result.perSecond()));
            before = result.cpuMillisPerDisbursement();
        }
        results.values().forEach(result -> report.append(String.format("result floor_stage=%s cpu_ms=%.3f per_second=%.1f%n",
                result.stage(), result.cpuMillisPerDisbursement(), result.perSecond())));
        return report.toString();
    }

    /** Per stage, the run with the median CPU per disbursement. */
    static Map<Stage, StageResult> medians(List<Map<Stage, StageResult>> runs) {
        Map<Stage, StageResult> medians = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            List<StageResult> sorted = runs.stream().map(run -> run.get(stage))
                    .sorted(Comparator.comparingDouble(StageResult::cpuMillisPerDisbursement)).toList();
            medians.put(stage, sorted.get(sorted.size() / 2));
        }
        return medians;
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
