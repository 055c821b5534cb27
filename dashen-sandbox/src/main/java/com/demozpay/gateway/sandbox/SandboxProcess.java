package com.demozpay.gateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox bank in a JVM of its own ({@link SandboxMain} on the caller's class path), as the real
 * bank is another machine: for suites that run the gateway as processes (the chaos suite, the
 * end-to-end benchmark). It is driven through its standard input: fault option lines while it runs,
 * {@code down} and {@code up}, {@link #counts()} and {@link #ledger()}. The ledger lives in the process's
 * memory, so a suite keeps one running from start to end and switches its faults at run time. The one
 * class that knows how to launch the sandbox.
 */
public final class SandboxProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("dashen sandbox listening on (http://\\S+?),");
    private static final Pattern LEDGER_END = Pattern.compile("^ledger end transfers=(\\d+)");
    private static final Pattern STATS = Pattern.compile("^transfers=(\\d+) submits=(\\d+) .*delivered=(\\d+).*$");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One transfer as the bank's books hold it (a line of the {@code ledger} command). */
    public record LedgerEntry(String reference, String status, String creditAccount, String amount, int submits,
            String failureCode) {
        public boolean completed() {
            return "COMPLETED".equals(status);
        }

        public boolean isFinal() {
            return completed() || "FAILED".equals(status);
        }
    }

    /**
     * The bank's counters (the {@code stats} command): distinct transfers, signed submits received,
     * callbacks delivered (answered 2xx), and the whole line.
     */
    public record Counts(int transfers, int submits, int callbacksDelivered, String line) {
    }

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
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
     * Starts the bank on a free loopback port, sending callbacks to {@code webhookUrl}; {@code options}
     * are more of its command-line options (delays, seed, fault modes at start).
     */
    public static SandboxProcess start(String signingKey, URI webhookUrl, List<String> options) {
        // The bank shares the machine with the gateway under test (in the benchmark, its CPUs): the JVM that
        // costs it least, C1 only and the serial collector, so that its share measures the gateway less.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName(),
                "--port", "0", "--webhook-url", webhookUrl.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The key goes through the environment, not the command line that `ps` shows.
        builder.environment().put("GATEWAY_DASHEN_SIGNING_KEY", signingKey);
        try {
            return new SandboxProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sandbox bank", e);
        }
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** A line the sandbox reads while running: {@code down}, {@code up}, or fault options. */
    public synchronized void command(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox bank is gone", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Asks the running bank for its counters. */
    public synchronized Counts counts() {
        lines.clear();
        command("stats");
        Matcher stats = awaitLine(STATS, ANSWER_LIMIT);
        return new Counts(Integer.parseInt(stats.group(1)), Integer.parseInt(stats.group(2)),
                Integer.parseInt(stats.group(3)), stats.group());
    }

    /** Every transfer the bank holds, as it stands now. */
    public synchronized List<LedgerEntry> ledger() {
        lines.clear();
        command("ledger");
        List<LedgerEntry> transfers = new ArrayList<>();
        long deadline = System.nanoTime() + ANSWER_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = nextLine(deadline);
            if (line == null) {
                break;
            }
            Matcher end = LEDGER_END.matcher(line);
            if (end.find()) {
                if (Integer.parseInt(end.group(1)) != transfers.size()) {
                    throw new IllegalStateException("the ledger listed " + transfers.size() + " of " + end.group(1));
                }
                return transfers;
            }
            if (line.startsWith("ledger {")) {
                transfers.add(transfer(line.substring("ledger ".length())));
            }
        }
        throw new IllegalStateException("the sandbox bank did not print its ledger within " + ANSWER_LIMIT);
    }

    /** Everything it printed but its ledgers, for a suite's log directory. */
    public void saveOutput(Path file) {
        try {
            Files.createDirectories(file.getParent());
            synchronized (output) {
                Files.write(file, output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static LedgerEntry transfer(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new LedgerEntry(node.path("reference").asText(), node.path("status").asText(),
                    node.path("creditAccount").asText(), node.path("amount").asText(), node.path("submits").asInt(),
                    node.path("failureCode").asText(null));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable ledger line: " + json, e);
        }
    }

    private Matcher awaitLine(Pattern pattern, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (String line = nextLine(deadline); line != null; line = nextLine(deadline)) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new IllegalStateException("the sandbox bank did not print " + pattern + " within " + limit
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
    }

    /** The next line printed, or null once the deadline passed or the process ended with nothing left. */
    private String nextLine(long deadline) {
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    return line;
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (!line.startsWith("ledger ")) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
    }
}
