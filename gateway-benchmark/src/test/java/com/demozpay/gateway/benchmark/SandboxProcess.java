package com.demozpay.gateway.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox bank in a JVM of its own, as the real bank is another machine: it answers the gateway's
 * signed requests and sends both signed callbacks to the gateway's webhook port. This class is the one
 * place that knows the sandbox's main class and class path. Its ledger is read through the
 * {@code stats} command on standard input.
 */
final class SandboxProcess implements AutoCloseable {

    /** Moves with the sandbox (into its own module); nothing else in the benchmark names it. */
    private static final String MAIN_CLASS = "com.demozpay.gateway.sandbox.SandboxMain";
    private static final Pattern LISTENING = Pattern.compile("dashen sandbox listening on (http://\\S+?),");
    private static final Pattern STATS = Pattern.compile("transfers=(\\d+) submits=(\\d+) .*delivered=(\\d+)");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    /** What the bank's ledger holds: distinct transfers, signed submits received, callbacks delivered (2xx). */
    record Ledger(int transfers, int submits, int callbacksDelivered) {
    }

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final URI baseUrl;

    private SandboxProcess(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "sandbox-stdout");
        reader.setDaemon(true);
        reader.start();
        this.baseUrl = URI.create(awaitLine(LISTENING, START_LIMIT).group(1));
    }

    /**
     * Starts the sandbox on a free loopback port. It accepts a transfer {@code acceptAfter} after the
     * submit and completes it {@code completeAfter} later, calling {@code webhookUrl} each time.
     */
    static SandboxProcess start(String signingKey, URI webhookUrl, Duration acceptAfter, Duration completeAfter) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "--port", "0", "--webhook-url", webhookUrl.toString(),
                "--accept-after", acceptAfter.toMillis() + "ms", "--complete-after", completeAfter.toMillis() + "ms",
                "--callback-retry", "200ms", "--reject", "none");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The key goes through the environment, not the command line that `ps` shows.
        builder.environment().put("GATEWAY_DASHEN_SIGNING_KEY", signingKey);
        try {
            return new SandboxProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sandbox bank", e);
        }
    }

    URI baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
    }

    /** Asks the running sandbox for its counts. */
    synchronized Ledger ledger() {
        try {
            commands.write("stats\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox bank is gone", e);
        }
        Matcher stats = awaitLine(STATS, Duration.ofSeconds(10));
        return new Ledger(Integer.parseInt(stats.group(1)), Integer.parseInt(stats.group(2)),
                Integer.parseInt(stats.group(3)));
    }

    @Override
    public void close() {
        GatewayUnderTest.terminate(process, Duration.ofSeconds(10));
    }

    private Matcher awaitLine(Pattern pattern, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        StringBuilder seen = new StringBuilder();
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive() && lines.isEmpty()) {
                        throw new IllegalStateException("the sandbox bank exited:\n" + seen);
                    }
                    continue;
                }
                seen.append(line).append('\n');
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the sandbox bank did not print " + pattern + " within " + limit + ":\n" + seen);
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException closed) {
            // the process ended
        }
    }
}
