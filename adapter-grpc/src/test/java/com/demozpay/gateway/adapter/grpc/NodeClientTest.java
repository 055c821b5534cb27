package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.bankAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's proof that the platform's TypeScript API can call us: a Node.js client built with
 * {@code @grpc/grpc-js} and {@code @grpc/proto-loader} from the {@code .proto} file as the proto
 * artifact ships it (read from the class path, not from the source tree) runs against the real
 * server. Skipped where {@code node} or {@code npm} is not installed; needs the npm registry.
 */
class NodeClientTest {

    private static final String PROTO = "demoz/gateway/v1/gateway.proto";
    private static final String TOKEN = "node-client-token";
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void nodeClientGeneratedFromTheShippedProtoInitiatesAndReadsADisbursement() throws Exception {
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "node and npm are not on the PATH");

        // given the client script, its locked dependencies and the shipped .proto in a directory under target/
        Path work = MODULE.resolve("target/node-client");
        Files.createDirectories(work.resolve("proto").resolve(PROTO).getParent());
        for (String file : List.of("client.mjs", "package.json", "package-lock.json")) {
            Files.copy(MODULE.resolve("src/test/node").resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream(PROTO)) {
            assertThat(shipped).as("the proto artifact ships " + PROTO).isNotNull();
            Files.copy(shipped, work.resolve("proto").resolve(PROTO), StandardCopyOption.REPLACE_EXISTING);
        }
        Result install = run(work, Duration.ofMinutes(3), Map.of(), "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exitCode()).as(install.output()).isZero();

        try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
            gateway.partner.thenSubmit(bankAccepted("DSH-TX-NODE"));

            // when
            Result client = run(work, Duration.ofSeconds(60), Map.of("GATEWAY_GRPC_AUTH_TOKEN", TOKEN),
                    "node", "client.mjs", "127.0.0.1:" + gateway.server.port(), "proto", "node-key-1");

            // then
            assertThat(client.exitCode()).as(client.output()).isZero();
            String id = gateway.store.all().get(0).id().toString();
            assertThat(client.output()).contains(
                    "initiated id=" + id + " status=ACCEPTED partner_reference=DSH-TX-NODE",
                    "status id=" + id + " status=ACCEPTED",
                    "unknown key status=NOT_FOUND");
            assertThat(gateway.partner.submitted()).hasSize(1);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Output goes to a file, so a chatty or stuck process cannot block on a full pipe. */
    private static Result run(Path directory, Duration timeout, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(ended ? process.exitValue() : -1, String.join(" ", command) + " gave:\n" + output);
    }
}
