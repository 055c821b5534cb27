package com.demozpay.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small run of the end-to-end benchmark in every {@code verify}, so that it cannot rot. It asserts
 * what the run checks (every disbursement SETTLED, one transfer each at the bank) and that each figure
 * was measured; never how fast anything was.
 */
class GatewayBenchmarkIT {

    @Test
    void smallRunSettlesEveryDisbursementOnceAndMeasuresEveryFigure() throws Exception {
        // given a few hundred disbursements, a short warm-up, one launch and a short pgbench
        BenchmarkOptions options = BenchmarkOptions.parse(List.of(
                "--jar=" + System.getProperty("gateway.jar"), "--disbursements=300", "--callers=8", "--warmup=50",
                "--launches=1", "--pgbench-seconds=2", "--pgbench-clients=2"));
        Path logs = Files.createDirectories(Path.of("target", "benchmark"));

        // when it runs (it throws if a disbursement did not settle or the bank saw anything but one transfer each)
        BenchmarkResult result = new GatewayBenchmark(options, logs).run();
        System.out.print(result.report());

        // then every figure is there
        assertThat(result.disbursements()).isEqualTo(300);
        assertThat(result.disbursementsPerSecond()).isPositive();
        assertThat(result.initiateP99Millis()).isGreaterThanOrEqualTo(result.initiateP50Millis()).isPositive();
        assertThat(result.cpu().gateway()).isPositive();
        assertThat(result.cpu().machine()).isGreaterThanOrEqualTo(result.cpu().gateway());
        // pg_stat_database's count lags (backends report when idle): approximate, so only present
        assertThat(result.transactionsPerDisbursement()).isPositive();
        // a count, not a time: exactly those four writes (issue 10.2), give or take the reconciler's background pass
        result.writeTransactionsPerDisbursement().ifPresent(writes -> assertThat(writes).isBetween(4.0, 4.05));
        assertThat(result.peakRssKiB()).isGreaterThanOrEqualTo(result.rssKiB()).isPositive();
        assertThat(result.threadsStarted()).isNotNegative();
        assertThat(result.pgbenchLifecyclesPerSecond()).hasValueSatisfying(rate -> assertThat(rate).isPositive());
        assertThat(result.pgbenchMachineCpuMillisPerLifecycle()).hasValueSatisfying(ms -> assertThat(ms).isPositive());
        assertThat(result.launchToReadyMillis()).hasSize(1);
    }
}
