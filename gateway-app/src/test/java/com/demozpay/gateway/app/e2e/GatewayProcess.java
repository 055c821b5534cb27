package com.demozpay.gateway.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged gateway ({@code gateway-app/target/gateway.jar}) running as a real process, as
 * Kubernetes would run it: its own {@code main}, environment variables, real ports. Standard output is
 * collected line by line so a test can wait for a log line and read the last one.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private GatewayProcess(Process process) {
        this.process = process;
        this.stdoutReader = collect(process.getInputStream(), stdout, "gateway-stdout");
        this.stderrReader = collect(process.getErrorStream(), stderr, "gateway-stderr");
    }

    /** Starts {@code java -jar gateway.jar <args>} with exactly {@code env} plus PATH, HOME and JAVA_HOME. */
    public static GatewayProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> !List.of("PATH", "HOME", "JAVA_HOME", "TMPDIR").contains(name));
        builder.environment().putAll(env);
        try {
            return new GatewayProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the gateway jar", e);
        }
    }

    /** Runs the jar to completion and returns its exit code; the output stays readable afterwards. */
    public static GatewayProcess runToExit(Map<String, String> env, Duration limit, String... args) {
        GatewayProcess gateway = start(env, args);
        gateway.awaitExit(limit);
        return gateway;
    }

    /** Waits for the {@code gateway started} line and returns it (it names the bound ports). */
    public JsonNode awaitStarted(Duration limit) {
        return awaitLog(line -> "gateway started".equals(line.path("msg").asText()), limit);
    }

    /** Waits until a JSON line on standard output matches; fails with the output so far if none does. */
    public JsonNode awaitLog(Predicate<JsonNode> matches, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        int seen = 0;
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = stdoutLines();
            for (; seen < lines.size(); seen++) {
                Optional<JsonNode> json = parse(lines.get(seen));
                if (json.isPresent() && matches.test(json.get())) {
                    return json.get();
                }
            }
            if (!process.isAlive() && seen == stdoutLines().size()) {
                throw new AssertionError("the gateway exited with " + process.exitValue()
                        + " before the expected log line:\n" + output());
            }
            pause();
        }
        throw new AssertionError("no matching log line within " + limit + ":\n" + output());
    }

    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the gateway did not exit within " + limit + ":\n" + output());
            }
            stdoutReader.join(5_000);
            stderrReader.join(5_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * SIGTERM: the graceful shutdown Kubernetes asks for. Sent through the {@link ProcessHandle}:
     * {@link Process#destroy()} would also close our end of the output pipes, and the lines the gateway
     * logs while it shuts down would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL: the crash nothing can clean up after. What it logged before is still read to the end. */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> stdoutLines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderrLines() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** The last line on standard output, parsed; fails if it is not JSON. */
    public JsonNode lastStdoutJson() {
        List<String> lines = stdoutLines();
        if (lines.isEmpty()) {
            throw new AssertionError("the gateway printed nothing; stderr:\n" + String.join("\n", stderr));
        }
        return parse(lines.get(lines.size() - 1))
                .orElseThrow(() -> new AssertionError("last line is not JSON: " + lines.get(lines.size() - 1)));
    }

    public String output() {
        List<String> err;
        synchronized (stderr) {
            err = List.copyOf(stderr);
        }
        return String.join("\n", stdoutLines()) + (err.isEmpty() ? "" : "\n[stderr]\n" + String.join("\n", err));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static Optional<JsonNode> parse(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static Thread collect(InputStream stream, List<String> into, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (into) {
                        into.add(line);
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: end-to-end tests run after package (mvn verify)");
        }
        return jar;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
