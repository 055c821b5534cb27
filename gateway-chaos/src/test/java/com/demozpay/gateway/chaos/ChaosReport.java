package com.demozpay.gateway.chaos;

import com.demozpay.gateway.chaos.Books.Row;
import com.demozpay.gateway.sandbox.SandboxProcess.LedgerEntry;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a chaos run did and found: the summary printed at its end, and the findings a test asserts on. */
record ChaosReport(ChaosSettings settings, int paymentsSent, Duration boot, Duration drain, Duration total,
        Map<Fault, Integer> faults, List<String> episodes, Map<Status.Code, Long> attempts, Books books,
        String bankStats, List<Long> callbacksPerReplica, List<String> findings) {

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("chaos run: seed=").append(settings.seed()).append(" chaos=").append(settings.duration().toSeconds())
                .append("s payments=").append(paymentsSent).append('/').append(settings.payments())
                .append(" callers=").append(settings.callers()).append('\n');
        out.append("times: boot=").append(seconds(boot)).append(" drain=").append(seconds(drain))
                .append(" total=").append(seconds(total)).append('\n');
        out.append("faults applied: ").append(faults).append('\n');
        episodes.forEach(episode -> out.append("  ").append(episode).append('\n'));
        out.append("InitiateDisbursement attempts by status: ").append(attempts).append('\n');
        out.append("disbursements by final state: ").append(count(books.rows(), Row::status)).append('\n');
        out.append("failure codes: ").append(count(books.rows().stream().filter(r -> r.failureCode() != null).toList(),
                Row::failureCode)).append('\n');
        out.append("bank transfers by status: ").append(count(books.transfers(), LedgerEntry::status))
                .append(", submitted more than once: ")
                .append(books.transfers().stream().filter(t -> t.submits() > 1).count()).append('\n');
        out.append("bank: ").append(bankStats).append('\n');
        out.append("callbacks answered per replica: ").append(callbacksPerReplica).append('\n');
        out.append("findings: ").append(findings.size()).append('\n');
        findings.forEach(finding -> out.append("  ").append(finding).append('\n'));
        out.append("replay: ").append(settings.replayCommand()).append('\n');
        return out.toString();
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static String seconds(Duration duration) {
        return String.format("%.1fs", duration.toMillis() / 1000.0);
    }
}
