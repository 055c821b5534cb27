package com.demozpay.gateway.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time, in clock ticks, of the processes a run involves and of the whole machine, from {@code /proc}:
 * where the cores went. The machine's share is what bounds the rate when every process of the run shares
 * its CPUs (the gateway, the sandbox bank, this driver, PostgreSQL, and whatever else runs there).
 */
record CpuTimes(long gateway, long bank, long driver, long postgres, long machine) {

    private static final Path PROC = Path.of("/proc");

    /** Now, for the gateway's and the bank's processes. */
    static CpuTimes of(long gatewayPid, long bankPid) {
        return new CpuTimes(process(gatewayPid), process(bankPid), process(ProcessHandle.current().pid()),
                postgresServer(), machineBusy());
    }

    CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(gateway - earlier.gateway, bank - earlier.bank, driver - earlier.driver,
                postgres - earlier.postgres, machine - earlier.machine);
    }

    static Duration toDuration(long ticks) {
        return Duration.ofMillis(ticks * 1000 / GatewayUnderTest.CLOCK_TICKS_PER_SECOND);
    }

    /** User plus system time of one process ({@code /proc/<pid>/stat} fields 14 and 15). */
    static long process(long pid) {
        return statFields(pid).map(f -> f[11] + f[12]).orElse(0L);
    }

    /**
     * Every PostgreSQL process on the machine, and the backends that have ended (the postmaster's reaped
     * children's time, fields 16 and 17): the server's whole cost, whoever's connections caused it.
     */
    private static long postgresServer() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if ("postgres".equals(command(pid))) {
                    ticks += statFields(pid).map(f -> f[11] + f[12] + f[13] + f[14]).orElse(0L);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    /** Busy time of all CPUs: the first line of {@code /proc/stat} minus idle and I/O wait. */
    static long machineBusy() {
        String[] cpu = read(PROC.resolve("stat")).orElseThrow().lines().findFirst().orElseThrow().trim().split("\\s+");
        long busy = 0;
        for (int field = 1; field <= 8; field++) {
            if (field != 4 && field != 5) { // idle, iowait
                busy += Long.parseLong(cpu[field]);
            }
        }
        return busy;
    }

    private static String command(long pid) {
        return read(PROC.resolve(pid + "/comm")).map(String::strip).orElse("");
    }

    /** The fields after the command name (which is in parentheses and may hold spaces); state is index 0. */
    private static Optional<long[]> statFields(long pid) {
        return read(PROC.resolve(pid + "/stat")).map(stat -> {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long[] numbers = new long[15];
            for (int i = 1; i < numbers.length; i++) {
                numbers[i] = Long.parseLong(fields[i]);
            }
            return numbers;
        });
    }

    /** Empty when the process has gone meanwhile. */
    private static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.exists(path)) {
                throw new UncheckedIOException("cannot read " + path + " (the benchmark measures on Linux only)", e);
            }
            return Optional.empty();
        }
    }
}
