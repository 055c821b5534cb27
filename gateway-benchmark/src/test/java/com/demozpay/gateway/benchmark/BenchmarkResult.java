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
        double initiateP50Millis, double initiateP99Millis, int initiateRetries, double cpuMillisPerDisbursement,
        double transactionsPerDisbursement, Optional<Double> writeTransactionsPerDisbursement,
        long rssKiB, long peakRssKiB, long threadsStarted, Optional<Double> pgbenchLifecyclesPerSecond,
        List<Long> launchToReadyMillis) {

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
                + " p99_ms=%.1f cpu_ms=%.2f xacts=%.2f write_xacts=%s rss_mib=%.0f peak_rss_mib=%.0f"
                + " threads_started=%.0f ready_ms=%s%n", results.size(),
                median(results, BenchmarkResult::disbursementsPerSecond),
                optionalMedian(results, BenchmarkResult::pgbenchLifecyclesPerSecond, "%.1f"),
                optionalMedian(results, BenchmarkResult::ratioToPgbench, "%.3f"),
                median(results, BenchmarkResult::initiateP50Millis), median(results, BenchmarkResult::initiateP99Millis),
                median(results, BenchmarkResult::cpuMillisPerDisbursement),
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
                  transactions per disbursement  %.2f (pg_stat_database.xact_commit, reads included)
                  write transactions per disb.   %s (distinct transaction ids in the WAL of the database)
                  RSS / peak RSS                 %d MiB / %d MiB
                  threads started                %d (%.2f per disbursement)
                  launch -> /readyz 200          %s ms (median of %s)
                %s
                """, disbursements, callers, seconds, disbursementsPerSecond,
                pgbenchLifecyclesPerSecond.map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("not run"),
                ratioToPgbench().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                initiateP50Millis, initiateP99Millis, initiateRetries, cpuMillisPerDisbursement,
                transactionsPerDisbursement,
                writeTransactionsPerDisbursement.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("not measured"),
                rssKiB / 1024, peakRssKiB / 1024, threadsStarted, (double) threadsStarted / disbursements,
                medianLaunchToReadyMillis().map(String::valueOf).orElse("-"), launchToReadyMillis, line());
    }

    private String line() {
        return String.format(Locale.ROOT, "result disbursements=%d callers=%d per_second=%.1f pgbench=%s ratio=%s"
                + " p50_ms=%.1f p99_ms=%.1f retries=%d cpu_ms=%.2f xacts=%.2f write_xacts=%s rss_mib=%d peak_rss_mib=%d"
                + " threads_started=%d ready_ms=%s", disbursements, callers, disbursementsPerSecond,
                pgbenchLifecyclesPerSecond.map(v -> String.format(Locale.ROOT, "%.1f", v)).orElse("-"),
                ratioToPgbench().map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("-"),
                initiateP50Millis, initiateP99Millis, initiateRetries, cpuMillisPerDisbursement,
                transactionsPerDisbursement,
                writeTransactionsPerDisbursement.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-"),
                rssKiB / 1024, peakRssKiB / 1024, threadsStarted,
                medianLaunchToReadyMillis().map(String::valueOf).orElse("-"));
    }
}
