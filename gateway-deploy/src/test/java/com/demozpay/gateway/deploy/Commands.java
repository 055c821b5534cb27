package com.demozpay.gateway.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command (kubectl, docker, node, npm, the image script) to completion, bounded in time. */
final class Commands {

    record Result(int exitCode, String stdout, String stderr) {

        String output() {
            return stdout + (stderr.isEmpty() ? "" : "\n[stderr]\n" + stderr);
        }

        /** The last line of standard output, trimmed; empty if there is none. */
        String lastLine() {
            List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        }
    }

    private Commands() {
    }

    static Result run(Path directory, Duration limit, String stdin, List<String> command) {
        return run(directory, limit, stdin, Map.of(), command);
    }

    static Result run(Path directory, Duration limit, String stdin, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outReader = drain(process.getInputStream(), out);
            Thread errReader = drain(process.getErrorStream(), err);
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit);
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result run(Duration limit, String... command) {
        return run(Repo.root(), limit, null, List.of(command));
    }

    /** True when {@code command} runs and exits 0 within ten seconds. */
    static boolean works(String... command) {
        try {
            return run(Duration.ofSeconds(10), command).exitCode() == 0;
        } catch (UncheckedIOException | AssertionError notThere) {
            return false;
        }
    }

    private static Thread drain(InputStream stream, ByteArrayOutputStream into) {
        Thread reader = new Thread(() -> {
            try (stream) {
                stream.transferTo(into);
            } catch (IOException closed) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
