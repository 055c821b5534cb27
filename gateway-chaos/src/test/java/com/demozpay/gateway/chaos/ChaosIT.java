package com.demozpay.gateway.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 14: three gateway processes on one database and the sandbox bank in its own process,
 * under replica kills and restarts, a database outage and the bank's fault windows; then both sets of
 * books must agree: every disbursement final, no beneficiary paid twice, nothing FAILED that the bank
 * paid, every transfer the bank completed SETTLED here. CI runs it bounded (the module's pom); the soak
 * mode and the replay of a seed are in docs/testing.md.
 */
class ChaosIT {

    @Test
    void noPaymentIsMadeTwiceAndNoSettlementIsLostUnderChaos() throws Exception {
        // given three replicas, the bank and callers sending payments
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        Path logs = Files.createDirectories(Path.of("target", "chaos", "seed-" + settings.seed()));
        System.out.println("chaos: seed " + settings.seed() + ", logs in " + logs.toAbsolutePath());

        // when the faults run, then stop, and the reconcilers finish
        ChaosReport report;
        try (ChaosRun run = new ChaosRun(settings, logs)) {
            report = run.run();
        }
        System.out.print(report.text());
        Files.writeString(logs.resolve("summary.txt"), report.text());

        // then the books agree, and the run did what it claims
        assertThat(report.findings()).as(report.text()).isEmpty();
        assertThat(report.faults().keySet()).as(report.text()).containsExactlyInAnyOrder(Fault.values());
        assertThat(report.books().rows()).as(report.text()).anyMatch(row -> "SETTLED".equals(row.status()));
    }
}
