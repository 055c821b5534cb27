package com.demozpay.gateway.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.benchmark.TransportFloorServer.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small run of the transport floor in every {@code verify}, so that it cannot rot. The run itself throws
 * unless every stage did all of its work (every submit and callback received, every row in its final state);
 * this asserts that each stage was measured, never how fast.
 */
class TransportFloorIT {

    @Test
    void smallRunDoesEveryStagesWorkAndMeasuresIt() throws Exception {
        // given a hundred disbursements per stage after a short warm-up, with the launcher's JVM flags
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--jar=" + System.getProperty("gateway.jar"),
                "--disbursements=100", "--callers=8", "--warmup=20"));
        Path logs = Files.createDirectories(Path.of("target", "benchmark"));

        // when every stage runs
        Map<Stage, TransportFloor.StageResult> results = new TransportFloor(options, logs).run();
        System.out.print(TransportFloor.report("smoke", results));

        // then each was measured
        assertThat(results).containsOnlyKeys(Stage.values());
        assertThat(results.values()).allSatisfy(result -> {
            assertThat(result.disbursements()).isEqualTo(100);
            assertThat(result.cpuMillisPerDisbursement()).isPositive();
            assertThat(result.perSecond()).isPositive();
        });
    }
}
