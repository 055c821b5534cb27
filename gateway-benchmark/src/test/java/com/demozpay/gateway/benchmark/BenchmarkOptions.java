package com.demozpay.gateway.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One benchmark run's settings, from {@code --name=value} arguments.
 *
 * @param jar the packaged gateway, {@code gateway-app/target/gateway.jar}
 * @param disbursements how many disbursements are measured
 * @param callers concurrent gRPC callers, each initiating one disbursement after another
 * @param warmup disbursements driven (and settled) before the measured ones, to warm the JIT and the pools
 * @param launches launch-to-ready measurements, each a fresh process on the migrated database
 * @param pgbenchSeconds how long pgbench runs the same lifecycle for the ceiling (0: skipped)
 * @param pgbenchClients pgbench clients
 * @param pgbench path of the pgbench executable
 * @param javaOptions JVM options for the gateway; by default the launcher's, {@code @gateway-app/jvm.options} of the
 *        checkout the jar was built in; {@code none} for none at all (the JVM's own defaults)
 * @param appCds whether a first launch writes an AppCDS archive ({@code -XX:ArchiveClassesAtExit}) that the
 *        measured process and the timed launches then map ({@code -XX:SharedArchiveFile}), as {@code ./gateway serve}
 *        does after its first run
 * @param runs how many runs, each on a fresh database and fresh processes; medians are printed after the last
 */
record BenchmarkOptions(Path jar, int disbursements, int callers, int warmup, int launches, int pgbenchSeconds,
        int pgbenchClients, String pgbench, List<String> javaOptions, boolean appCds, int runs) {

    private static final Set<String> NAMES = Set.of("jar", "disbursements", "callers", "warmup", "launches",
            "pgbench-seconds", "pgbench-clients", "pgbench", "java-opts", "appcds", "runs");

    BenchmarkOptions {
        if (disbursements < 1 || callers < 1 || warmup < 0 || launches < 0 || pgbenchSeconds < 0 || pgbenchClients < 1) {
            throw new IllegalArgumentException("counts must be positive (warmup, launches, pgbench-seconds may be 0)");
        }
        // Bounded in count and time: the run must end by itself on a shared machine.
        if (disbursements > 100_000 || callers > 256 || runs < 1 || runs > 10) {
            throw new IllegalArgumentException("at most 100000 disbursements, 256 callers and 1 to 10 runs");
        }
        javaOptions = List.copyOf(javaOptions);
    }

    static BenchmarkOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0 || !NAMES.contains(arg.substring(2, equals))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected --name=value with name in "
                        + NAMES);
            }
            values.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        Path jar = Path.of(values.getOrDefault("jar", "gateway-app/target/gateway.jar"));
        return new BenchmarkOptions(jar,
                number(values, "disbursements", 3000), number(values, "callers", 32), number(values, "warmup", 500),
                number(values, "launches", 5), number(values, "pgbench-seconds", 10), number(values, "pgbench-clients", 8),
                values.getOrDefault("pgbench", "/usr/bin/pgbench"),
                javaOptions(values.getOrDefault("java-opts", "").strip(), jar),
                bool(values, "appcds", true), number(values, "runs", 1));
    }

    /** The launcher's flags file beside the jar's module ({@code gateway-app/jvm.options}) unless told otherwise. */
    private static List<String> javaOptions(String given, Path jar) {
        if (given.equals("none")) {
            return List.of();
        }
        if (!given.isEmpty()) {
            return List.of(given.split("\\s+"));
        }
        Path launcherFlags = jar.toAbsolutePath().getParent().resolveSibling("jvm.options");
        if (!Files.isRegularFile(launcherFlags)) {
            throw new IllegalArgumentException(launcherFlags + " is missing: pass --java-opts (or none)");
        }
        return List.of("@" + launcherFlags);
    }

    private static boolean bool(Map<String, String> values, String name, boolean otherwise) {
        String value = values.getOrDefault(name, Boolean.toString(otherwise));
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + name + " must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int number(Map<String, String> values, String name, int otherwise) {
        String value = values.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number");
        }
    }
}
