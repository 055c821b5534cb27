package com.demozpay.gateway.app.e2e;

import com.demozpay.gateway.testing.Eventually;
import static com.demozpay.gateway.app.e2e.GatewayFixture.newKey;
import static com.demozpay.gateway.app.e2e.GatewayFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's settlement stream as the platform's TypeScript API uses it: a Node.js {@code @grpc/grpc-js}
 * watcher (adapter-grpc's {@code src/test/node/watcher.mjs}, built from the shipped .proto) watches one
 * replica, sees disbursements settle and drops; more settle while nobody watches; it resumes from its last
 * cursor on another replica on the same database and gets every later change, and none from before.
 * Skipped where {@code node} or {@code npm} is not installed; needs the npm registry.
 */
class WatchDisbursementsIT {

    private static final String PROTO = "demoz/gateway/v1/gateway.proto";
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
    private static final Path NODE_SOURCES = Path.of(System.getProperty("basedir", "."))
            .resolve("../adapter-grpc/src/test/node");

    private static GatewayFixture gateway;
    private static Path work;

    @BeforeAll
    static void startGatewayAndInstallTheWatcher() throws Exception {
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "node and npm are not on the PATH");
        work = Path.of(System.getProperty("basedir", ".")).resolve("target/node-watcher");
        Files.createDirectories(work.resolve("proto").resolve(PROTO).getParent());
        for (String file : List.of("watcher.mjs", "package.json", "package-lock.json")) {
            Files.copy(NODE_SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream shipped = WatchDisbursementsIT.class.getClassLoader().getResourceAsStream(PROTO)) {
            assertThat(shipped).as("the proto artifact ships " + PROTO).isNotNull();
            Files.copy(shipped, work.resolve("proto").resolve(PROTO), StandardCopyOption.REPLACE_EXISTING);
        }
        Process install = node(work.resolve("npm-ci.log"), "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.waitFor(3, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as(Files.readString(work.resolve("npm-ci.log"))).isTrue();
        gateway = GatewayFixture.start(WatchDisbursementsIT.class, Map.of());
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aNodeWatcherResumingOnAnotherReplicaGetsEverySettlementAfterItsCursorAndNoneFromBefore() throws Exception {
        int otherReplica = gateway.startReplica();

        // given a watcher on the first replica from now, that drops after two settlements
        Watcher first = Watcher.start("first", gateway.grpcPort, "", 2);
        Eventually.await("the first watcher is watching", SETTLE_LIMIT, first::lines, lines -> !lines.isEmpty());
        List<String> seenIds = List.of(gateway.initiate(request(newKey())).getId(),
                gateway.initiate(request(newKey())).getId());
        assertThat(first.awaitExit()).as(first.output()).isZero();
        String lastCursor = first.lines().get(first.lines().size() - 1).path("cursor").asText();

        // when more settle while nobody watches, and one more once it watches again on the other replica
        List<String> missedIds = List.of(gateway.initiate(request(newKey())).getId(),
                gateway.initiate(request(newKey())).getId());
        missedIds.forEach(id -> gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT));
        Watcher resumed = Watcher.start("resumed", otherReplica, lastCursor, 3);
        Eventually.await("the resumed watcher is watching", SETTLE_LIMIT, resumed::lines, lines -> !lines.isEmpty());
        String laterId = gateway.initiate(request(newKey())).getId();

        // then the first saw its two settle, every change in order
        assertThat(first.output()).doesNotContain("\"error\"");
        assertThat(changesById(first.lines()).keySet()).containsExactlyInAnyOrderElementsOf(seenIds);
        changesById(first.lines()).values().forEach(WatchDisbursementsIT::assertCompleteChainToSettled);
        // and the resumed one starts at the cursor and gets every later change, and nothing from before
        assertThat(resumed.awaitExit()).as(resumed.output()).isZero();
        assertThat(resumed.lines().get(0).path("cursor").asText()).isEqualTo(lastCursor);
        Map<String, List<JsonNode>> later = changesById(resumed.lines());
        assertThat(later.keySet()).containsExactlyInAnyOrder(missedIds.get(0), missedIds.get(1), laterId);
        later.values().forEach(WatchDisbursementsIT::assertCompleteChainToSettled);
        assertThat(cursorsOfChanges(resumed.lines())).doesNotContainAnyElementsOf(cursorsOfChanges(first.lines()));
    }

    /** From creation (no from status) to SETTLED, each change starting where the last one ended. */
    private static void assertCompleteChainToSettled(List<JsonNode> changes) {
        String expectedFrom = "DISBURSEMENT_STATUS_UNSPECIFIED";
        for (JsonNode change : changes) {
            assertThat(change.path("from").asText()).as(changes.toString()).isEqualTo(expectedFrom);
            expectedFrom = change.path("status").asText();
        }
        assertThat(expectedFrom).as(changes.toString()).isEqualTo("SETTLED");
    }

    private static Map<String, List<JsonNode>> changesById(List<JsonNode> lines) {
        return lines.stream().filter(line -> line.has("id"))
                .collect(Collectors.groupingBy(line -> line.path("id").asText(), LinkedHashMap::new, Collectors.toList()));
    }

    private static Set<String> cursorsOfChanges(List<JsonNode> lines) {
        return lines.stream().filter(line -> line.has("id")).map(line -> line.path("cursor").asText())
                .collect(Collectors.toSet());
    }

    /** One run of watcher.mjs, its output in a file so that it never blocks on a full pipe. */
    private record Watcher(Process process, Path log) {

        static Watcher start(String name, int port, String afterCursor, int settlements) throws IOException {
            Path log = work.resolve("watcher-" + name + ".log");
            return new Watcher(node(log, "node", "watcher.mjs", "127.0.0.1:" + port, "proto", afterCursor,
                    Integer.toString(settlements)), log);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        List<JsonNode> lines() {
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : output().split("\n")) {
                JsonNode json = line.isBlank() ? null : GatewayFixture.parse(line);
                if (json != null) {
                    parsed.add(json);
                }
            }
            return parsed;
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Process node(Path log, String... command) throws IOException {
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
