package com.demozpay.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image, built by infra/image/build.sh from local material only, runs the gateway as a
 * pod would: as the non-root user, on a read-only root filesystem with a memory limit, against this
 * machine's PostgreSQL (a fresh database) and the sandbox bank on the host network. It becomes ready,
 * pays a disbursement, and its {@code check-config} names a missing key in one JSON line.
 */
class GatewayImageIT {

    private static final String IMAGE = "demoz/gateway:it";
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase database;
    private static Sandbox bank;
    private static final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImage() {
        DockerEngine.requireOrSkip();
        DockerEngine.requireMachineDatabaseOrSkip();
        database = TestDatabase.create();
        Instant start = Instant.now();
        Commands.Result build;
        try (TestDatabase training = TestDatabase.create()) {
            build = Commands.run(Repo.root(), Duration.ofMinutes(5), null,
                    Map.of("GATEWAY_IMAGE_TRAINING_DATABASE_URL", training.postgresConnectionString()),
                    List.of(Repo.root().resolve("infra/image/build.sh").toString(), Repo.gatewayJar().toString(), IMAGE));
        }
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.lastLine()).endsWith("AppCDS: yes)");
        System.out.println("image built in " + Duration.between(start, Instant.now()).toMillis() + " ms: " + build.lastLine());
    }

    @AfterAll
    static void cleanUp() {
        containers.forEach(name -> Commands.run(Duration.ofSeconds(30), "docker", "rm", "-f", name));
        if (bank != null) {
            bank.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void imageRunsAsANonRootUserWithoutAShellAndShipsTheProtoFiles() {
        Commands.Result inspect = Commands.run(Duration.ofSeconds(30), "docker", "image", "inspect", "--format",
                "{{.Config.User}} {{json .Config.Entrypoint}} {{json .Config.Cmd}}", IMAGE);
        assertThat(inspect.stdout().trim()).isEqualTo("10001:10001 [\"/opt/java/bin/java\",\"-jar\",\"/app/gateway.jar\"] [\"serve\"]");

        String name = "gateway-it-files-" + UUID.randomUUID();
        assertThat(Commands.run(Duration.ofSeconds(30), "docker", "create", "--name", name, IMAGE).exitCode()).isZero();
        containers.add(name);
        Commands.Result protos = Commands.run(Duration.ofSeconds(30), "docker", "cp", name + ":/app/proto", "-");
        assertThat(protos.exitCode()).as(protos.output()).isZero();
        assertThat(protos.stdout()).contains("proto/demoz/gateway/v1/gateway.proto");
        Commands.Result shell = Commands.run(Duration.ofSeconds(30), "docker", "cp", name + ":/bin/sh", "-");
        assertThat(shell.exitCode()).as("the image has no shell").isNotZero();
    }

    @Test
    void gatewayInTheImageBecomesReadyAndPaysADisbursementThroughTheSandboxBank() throws IOException, InterruptedException {
        // given the ports the gateway will bind on the host network, and the bank calling its webhook
        int grpcPort = FreePorts.pick();
        int webhookPort = FreePorts.pick();
        int adminPort = FreePorts.pick();
        bank = Sandbox.start(webhookPort);
        String name = "gateway-it-" + UUID.randomUUID();

        // when the image runs as a pod would (read-only root, /tmp a tmpfs, a memory limit), with -Xshare:on
        // added to its JVM flags so that it refuses to start unless it maps its AppCDS archive
        Instant start = Instant.now();
        Commands.Result run = Commands.run(Duration.ofSeconds(60), dockerRun(name, Map.of(
                "JDK_JAVA_OPTIONS", imageJvmFlags() + " -Xshare:on",
                "GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                "GATEWAY_DASHEN_BASE_URL", bank.baseUrl(),
                "GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true",
                "GATEWAY_DASHEN_SIGNING_KEY", bank.signingKey,
                "GATEWAY_GRPC_PORT", "" + grpcPort,
                "GATEWAY_WEBHOOK_PORT", "" + webhookPort,
                "GATEWAY_ADMIN_PORT", "" + adminPort), "-d", "serve"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        containers.add(name);

        // then it becomes ready, serves the probes' paths, and pays through the sandbox bank
        Duration ready = SmokeClient.awaitReady(adminPort, LIMIT, () -> exited(name));
        System.out.println("container ready " + ready.toMillis() + " ms after docker run returned, "
                + Duration.between(start, Instant.now()).toMillis() + " ms after it was called");
        assertThat(SmokeClient.status(adminPort, "/healthz")).isEqualTo(200);
        SmokeClient.payOneDisbursement(grpcPort, LIMIT);
        assertThat(SmokeClient.metricNames(adminPort)).contains("demozpay_dependency_up", "jvm_memory_used_bytes");
        assertThat(logs(name)).contains("\"msg\":\"gateway started\"").doesNotContain(bank.signingKey);
    }

    @Test
    void checkConfigInTheImageExitsNonZeroNamingTheMissingSigningKeyInOneJsonLine() throws IOException {
        // when check-config runs with every variable but the signing key
        String name = "gateway-it-check-" + UUID.randomUUID();
        Commands.Result check = Commands.run(LIMIT, dockerRun(name, Map.of(
                "GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                "GATEWAY_DASHEN_BASE_URL", "https://bank.example/"), "--rm", "check-config"));

        // then it exits 2 with the runbook's line as its last line on standard output
        assertThat(check.exitCode()).as(check.output()).isEqualTo(2);
        JsonNode line = JSON.readTree(check.lastLine());
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("msg").asText()).isEqualTo("config load failed");
        assertThat(line.path("err").asText()).isEqualTo("GATEWAY_DASHEN_SIGNING_KEY is required");
    }

    private static String[] dockerRun(String name, Map<String, String> env, String mode, String command) {
        List<String> args = new ArrayList<>(List.of("docker", "run", mode, "--name", name, "--network", "host",
                "--read-only", "--tmpfs", "/tmp:rw,size=64m", "--memory", "768m", "--cpus", "2",
                "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        env.forEach((key, value) -> args.addAll(List.of("-e", key + "=" + value)));
        args.add(IMAGE);
        args.add(command);
        return args.toArray(String[]::new);
    }

    private static String imageJvmFlags() {
        Commands.Result env = Commands.run(Duration.ofSeconds(30), "docker", "image", "inspect", "--format",
                "{{range .Config.Env}}{{println .}}{{end}}", IMAGE);
        String flags = env.stdout().lines().filter(line -> line.startsWith("JDK_JAVA_OPTIONS=")).findFirst()
                .orElseThrow(() -> new AssertionError("the image sets no JDK_JAVA_OPTIONS: " + env.output()))
                .substring("JDK_JAVA_OPTIONS=".length());
        assertThat(flags).contains("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/app/gateway.jsa");
        return flags;
    }

    /** Null while the container runs; its state and logs once it has stopped. */
    private static String exited(String name) {
        Commands.Result state = Commands.run(Duration.ofSeconds(30), "docker", "inspect", "--format",
                "{{.State.Running}} exit={{.State.ExitCode}} oom={{.State.OOMKilled}}", name);
        return state.stdout().startsWith("true") ? null : state.stdout() + "\n" + logs(name);
    }

    private static String logs(String name) {
        return Commands.run(Duration.ofSeconds(30), "docker", "logs", name).output();
    }
}
