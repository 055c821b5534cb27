package com.demozpay.gateway.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway as its own process ({@code java [options] -jar gateway.jar serve}, configured
 * only by {@code GATEWAY_*} variables), measured from outside: CPU time and memory from
 * {@code /proc/<pid>}, threads started from the JVM's own counter ({@code java.threads.started}, the
 * one behind {@code ThreadMXBean.getTotalStartedThreadCount}, read with {@code jcmd PerfCounter.print}).
 * Its output goes to a file, so that reading it costs the gateway nothing.
 */
final class GatewayUnderTest implements AutoCloseable {

    private static final Pattern THREADS_STARTED = Pattern.compile("java\\.threads\\.started=(\\d+)");
    static final long CLOCK_TICKS_PER_SECOND = clockTicks();
    private static final Duration MIGRATE_LIMIT = Duration.ofSeconds(90);

    /** The gateway ended before it was ready; {@link #LISTENER_FAILED} means a port was taken. */
    static final class Exited extends IllegalStateException {
        static final int LISTENER_FAILED = 6;
        final int exitCode;

        Exited(int exitCode) {
            super("the gateway exited with " + exitCode + " before it was ready (see its log)");
            this.exitCode = exitCode;
        }
    }

    private final Process process;
    private final int adminPort;
    private final long startedNanos;

    private GatewayUnderTest(Process process, int adminPort, long startedNanos) {
        this.process = process;
        this.adminPort = adminPort;
        this.startedNanos = startedNanos;
    }

    static GatewayUnderTest start(Path jar, List<String> javaOptions, Map<String, String> env, int adminPort, Path log) {
        ProcessBuilder builder = gatewayCommand(jar, javaOptions, "serve", env, log);
        try {
            long started = System.nanoTime();
            return new GatewayUnderTest(builder.start(), adminPort, started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the gateway", e);
        }
    }

    /** {@code gateway.jar migrate}, as an operator applies the schema before the first {@code serve}. */
    static void migrate(Path jar, List<String> javaOptions, Map<String, String> env, Path log) {
        try {
            Process migrate = gatewayCommand(jar, javaOptions, "migrate", env, log).start();
            if (!migrate.waitFor(MIGRATE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                migrate.destroyForcibly();
                throw new IllegalStateException("migrate did not end within " + MIGRATE_LIMIT + " (see " + log + ")");
            }
            if (migrate.exitValue() != 0) {
                throw new IllegalStateException("migrate exited with " + migrate.exitValue() + " (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the gateway's migrate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ProcessBuilder gatewayCommand(Path jar, List<String> javaOptions, String gatewayCommand,
            Map<String, String> env, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -pl gateway-app -am package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), gatewayCommand));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        builder.environment().putAll(env);
        return builder;
    }

    /** Polls {@code /readyz} until it answers 200; returns the time from process start. */
    Duration awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new Exited(process.exitValue());
            }
            if (readyzStatus() == 200) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            pause(Duration.ofMillis(10));
        }
        throw new IllegalStateException("the gateway was not ready within " + limit);
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory now and at its peak, in KiB ({@code VmRSS}, {@code VmHWM}). */
    long[] residentKiB() {
        String status = read(Path.of("/proc", Long.toString(pid()), "status"));
        return new long[] {statusField(status, "VmRSS"), statusField(status, "VmHWM")};
    }

    /** Threads the JVM has started since it began, its own threads included. */
    long threadsStarted() {
        String counters = run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), "PerfCounter.print"));
        Matcher matcher = THREADS_STARTED.matcher(counters);
        if (!matcher.find()) {
            throw new IllegalStateException("jcmd printed no java.threads.started:\n" + counters);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** SIGTERM, then waits for the graceful stop. */
    void stop() {
        terminate(process, Duration.ofSeconds(60));
    }

    /** SIGTERM; SIGKILL if the process has not ended within {@code grace}. */
    static void terminate(Process process, Duration grace) {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private int readyzStatus() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + adminPort + "/readyz")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static long statusField(String status, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\d+) kB").matcher(status);
        if (!matcher.find()) {
            throw new IllegalStateException("/proc status has no " + name);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
        } catch (RuntimeException e) {
            return 100; // Linux's USER_HZ nearly everywhere
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (the gateway is Linux-only to measure)", e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tool.waitFor(30, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                throw new IllegalStateException(command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
