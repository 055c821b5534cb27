package com.demozpay.gateway.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One run's figures. Per-disbursement figures are over the measured window: from just before the
 * first measured initiate to the moment every disbursement was seen {@code SETTLED}.
 */
record BenchmarkResult(int disbursements, int callers, double seconds, double disbursementsPerSecond,
        double initiateP50Millis, double initiateP99Millis, int initiateRetries, CpuPerDisbursement cpu,
        double transactionsPerDisbursement, Optional<Double> writeTransactionsPerDisbursement,
        long rssKiB, long peakRssKiB, long threadsStarted, Optional<Double> pgbenchLifecyclesPerSecond,
        Optional<Double> pgbenchMachineCpuMillisPerLifecycle, List<Long> launchToReadyMillis) {

    /**
     * Milliseconds of CPU per disbursement over the window: the gateway's, the sandbox bank's, this driver's,
     * PostgreSQL's (every server process), and the whole machine's busy time on its {@code cpus} CPUs.
     */
    record CpuPerDisbursement(double gateway, double bank, double driver, double postgres, double machine, int cpus) {

        /** The rate at which the machine's CPUs would be busy all the time, at this cost per disbursement. */
        double machineBoundPerSecond() {
            return cpus * 1000 / machine;
        }
    }

    /**
     * The highest ratio to pgbench this machine allows when both are CPU-bound: pgbench's machine CPU per
     * lifecycle over ours per disbursement (the bank and the driver share the CPUs with the gateway here).
     */
    Optional<Double> cpuBoundRatio() {
        return pgbenchMachineCpuMillisPerLifecycle.map(pgbench -> pgbench / cpu.machine());
    }

    Optional<Double> ratioToPgbench() {
        return pgbenchLifecyclesPerSecond.map(ceiling -> disbursementsPerSecond / ceiling);
    }

    Optional<Long> medianLaunchToReadyMillis() {
        if (launchToReadyMillis.isEmpty()) {
            return Optional.empty();
        }
        List<Long> sorted = launchToReadyMillis.stream().sorted().toList();
        return Optional.of(sorted.get(sorted.size() / 2));
    }

    /** The median of each figure over several runs (each figure on its own: they may come from different runs). */
    static String medians(List<BenchmarkResult> results) {
        return String.format(Locale.ROOT, "medians of %d runs: per_second=%.1f pgbench=%s ratio=%s p50_ms=%.1f"
                + " p99_ms=%.1f cpu_ms=%.2f bank_cpu_ms=%.2f driver_cpu_ms=%.2f pg_cpu_ms=%.2f machine_cpu_ms=%.2f"
                + " pgbench_machine_cpu_ms=%s cpu_bound_ratio=%s xacts=%.2f write_xacts=%s rss_mib=%.0f"
                + " peak_rss_mib=%.0f threads_started=%.0f ready_ms=%s%n", results.size(),
                median(results, BenchmarkResult::disbursementsPerSecond),
                optionalMedian(results, BenchmarkResult::pgbenchLifecyclesPerSecond, "%.1f"),
                optionalMedian(results, BenchmarkResult::ratioToPgbench, "%.3f"),
                median(results, BenchmarkResult::initiateP50Millis), median(results, BenchmarkResult::initiateP99Millis),
                median(results, r -> r.cpu().gateway()), median(results, r -> r.cpu().bank()),
                median(results, r -> r.cpu().driver()), median(results, r -> r.cpu().postgres()),
                median(results, r -> r.cpu().machine()),
                optionalMedian(results, BenchmarkResult::pgbenchMachineCpuMillisPerLifecycle, "%.2f"),
                optionalMedian(results, BenchmarkResult::cpuBoundRatio, "%.3f"),
                median(results, BenchmarkResult::transactionsPerDisbursement),
                optionalMedian(results, BenchmarkResult::writeTransactionsPerDisbursement, "%.2f"),
                median(results, r -> r.rssKiB() / 1024.0), median(results, r -> r.peakRssKiB() / 1024.0),
                median(results, r -> (double) r.threadsStarted()),
                optionalMedian(results, r -> r.medianLaunchToReadyMillis().map(Long::doubleValue), "%.0f"));
    }

    private static double median(List<BenchmarkResult> results, ToDoubleFunction<BenchmarkResult> figure) {
        double[] sorted = results.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String optionalMedian(List<BenchmarkResult> results,
            Function<BenchmarkResult, Optional<Double>> figure, String format) {
        List<BenchmarkResult> measured = results.stream().filter(r -> figure.apply(r).isPresent()).toList();
        return measured.isEmpty() ? "-"
                : String.format(Locale.ROOT, format, median(measured, r -> figure.apply(r).orElseThrow()));
    }

    /** A human-readable report, then one line of {@code key=value} pairs for scripts. */
    String report() {
        return String.format(Locale.ROOT, """
                gateway benchmark: %d disbursements, %d callers, %.1f s to the last SETTLED
                  disbursements/s to SETTLED     %.1f
                  pgbench lifecycles/s           %s
                  ratio to pgbench               %s
                  initiate p50 / p99             %.1f ms / %.1f ms (%d UNAVAILABLE answers retried)
                  gateway CPU per disbursement   %.2f ms
                  all CPU per disbursement       bank %.2f, driver %.2f, postgres %.2f ms; machine %.2f ms on %d CPUs (at most %.0f/s)
                  pgbench machine CPU/lifecycle  %s ms (CPU-bound ratio at most %s)
                  transactions per disbursement  %.2f (pg_stat_database.xact_commit, reads included)
                  write transactions per disb.   %s (distinct transaction ids in the WAL of the database)
                  RSS / peak RSS                 %d MiB / %d MiB
                  threads started                %d (%.2f per disbursement)
                  launch -> /readyz 200          %s ms (median of %s)
                %s
                """, disbursements, callers, seconds, disbursementsPerSecond,
                pgbenchLifecyclesPerSecond.map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("not run"),
                ratioToPgbench().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                initiateP50Millis, initiateP99Millis, initiateRetries, cpu.gateway(),
                cpu.bank(), cpu.driver(), cpu.postgres(), cpu.machine(), cpu.cpus(), cpu.machineBoundPerSecond(),
                pgbenchMachineCpuMillisPerLifecycle.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
                cpuBoundRatio().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                transactionsPerDisbursement,
                writeTransactionsPerDisbursement.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("not measured"),
                mebibytes(rssKiB), mebibytes(peakRssKiB), threadsStarted, (double) threadsStarted / disbursements,
                medianLaunchToReadyMillis().map(String::valueOf).orElse("-"), launchToReadyMillis, line());
    }

    /** Rounded, as the medians are: a run's line and the medians' line read alike. */
    private static long mebibytes(long kibibytes) {
        return Math.round(kibibytes / 1024.0);
    }

    private String line() {
        return String.format(Locale.ROOT, "result disbursements=%d callers=%d per_second=%.1f pgbench=%s ratio=%s"
                + " p50_ms=%.1f p99_ms=%.1f retries=%d cpu_ms=%.2f bank_cpu_ms=%.2f driver_cpu_ms=%.2f pg_cpu_ms=%.2f"
                + " machine_cpu_ms=%.2f pgbench_machine_cpu_ms=%s cpu_bound_ratio=%s xacts=%.2f write_xacts=%s"
                + " rss_mib=%d peak_rss_mib=%d threads_started=%d ready_ms=%s", disbursements, callers,
                disbursementsPerSecond,
                pgbenchLifecyclesPerSecond.map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("-"),
                ratioToPgbench().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                initiateP50Millis, initiateP99Millis, initiateRetries, cpu.gateway(), cpu.bank(), cpu.driver(),
                cpu.postgres(), cpu.machine(),
                pgbenchMachineCpuMillisPerLifecycle.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
                cpuBoundRatio().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                transactionsPerDisbursement,
                writeTransactionsPerDisbursement.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
                mebibytes(rssKiB), mebibytes(peakRssKiB), threadsStarted,
                medianLaunchToReadyMillis().map(String::valueOf).orElse("-"));
    }
}
