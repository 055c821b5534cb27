package com.demozpay.gateway.chaos;

import com.demozpay.gateway.adapter.postgres.TcpProxy;
import com.demozpay.gateway.sandbox.SandboxProcess;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The chaos: fault after fault, each held for two to four and a half seconds (a database stall ten to
 * eleven, past the lease), drawn from a seeded {@link Random} so that a run's schedule (which fault,
 * which replica, how long) replays from its seed. Faults come from a shuffled bag, so every kind
 * happens once before any happens twice. Killed and restarted replicas boot in the background while
 * the next fault runs; at least two replicas are up whenever one is killed (else the kill goes back in
 * the bag).
 */
final class FaultSchedule {

    /** Longer than the replicas' lease (8 s): a stall this long lets a claim expire under its holder. */
    private static final Duration STALL = Duration.ofSeconds(9);

    private final Replicas replicas;
    private final TcpProxy database;
    private final SandboxProcess bank;
    private final Random random;
    private final Deque<Fault> bag = new ArrayDeque<>();
    private final Map<Fault, Integer> applied = new EnumMap<>(Fault.class);
    private final List<String> episodes = new ArrayList<>();
    private final ExecutorService restarts = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "chaos-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Future<?>> pendingRestarts = new ArrayList<>();
    private final boolean[] restarting;
    private long startNanos;

    FaultSchedule(long seed, Replicas replicas, TcpProxy database, SandboxProcess bank) {
        this.random = new Random(seed);
        this.replicas = replicas;
        this.database = database;
        this.bank = bank;
        this.restarting = new boolean[replicas.count()];
    }

    /**
     * Applies faults one after another until {@code duration} has passed and every kind has happened
     * at least once, but never longer than twice {@code duration}.
     */
    void run(Duration duration) {
        startNanos = System.nanoTime();
        long end = startNanos + duration.toNanos();
        long limit = end + duration.toNanos();
        while (System.nanoTime() < end || (applied.size() < Fault.values().length && System.nanoTime() < limit)) {
            Fault fault = nextFault();
            Duration hold = Duration.ofMillis(2000 + random.nextInt(2500));
            apply(fault, hold);
            Replicas.pause(Duration.ofMillis(500));
        }
    }

    /** Every fault off, the database reachable, every replica running again. */
    void heal() {
        for (Fault fault : Fault.values()) {
            if (fault.isBankFault()) {
                bank.command(fault.bankOff);
            }
        }
        database.resume();
        database.restore();
        awaitRestarts();
        for (int replica = 0; replica < replicas.count(); replica++) {
            if (!replicas.isAlive(replica)) {
                replicas.start(replica, Duration.ofSeconds(60));
            }
        }
    }

    Map<Fault, Integer> applied() {
        return applied;
    }

    /** What happened when, for the report: {@code +12.3s DATABASE_CUT 3.1s}. */
    List<String> episodes() {
        return episodes;
    }

    void close() {
        restarts.shutdownNow();
    }

    private Fault nextFault() {
        if (bag.isEmpty()) {
            List<Fault> all = new ArrayList<>(Arrays.asList(Fault.values()));
            Collections.shuffle(all, random);
            bag.addAll(all);
        }
        return bag.poll();
    }

    private void apply(Fault fault, Duration hold) {
        long begun = System.nanoTime();
        String what = fault.name();
        switch (fault) {
            case REPLICA_KILLED -> {
                int replica = pickServingReplica();
                if (replica < 0) {
                    skip(fault, begun);
                    return;
                }
                replicas.kill(replica);
                restartLater(replica, hold, false);
                what += " replica=" + replica;
            }
            case REPLICA_RESTARTED -> {
                int replica = pickServingReplica();
                if (replica < 0) {
                    skip(fault, begun);
                    return;
                }
                restartLater(replica, Duration.ZERO, true);
                what += " replica=" + replica;
                hold = Duration.ZERO;
            }
            case DATABASE_CUT -> {
                database.cut();
                Replicas.pause(hold);
                database.restore();
            }
            case DATABASE_STALL -> {
                hold = STALL.plus(hold.dividedBy(2));
                database.stall();
                Replicas.pause(hold);
                database.resume();
            }
            default -> {
                bank.command(fault.bankOn);
                Replicas.pause(hold);
                bank.command(fault.bankOff);
            }
        }
        applied.merge(fault, 1, Integer::sum);
        record(begun, what, hold);
    }

    /** A replica that is up and not being restarted, when at least two are; -1 otherwise. */
    private synchronized int pickServingReplica() {
        List<Integer> serving = IntStream.range(0, replicas.count())
                .filter(i -> replicas.isAlive(i) && !restarting[i]).boxed().toList();
        if (serving.size() < 2) {
            return -1;
        }
        return serving.get(random.nextInt(serving.size()));
    }

    private synchronized void restartLater(int replica, Duration after, boolean graceful) {
        restarting[replica] = true;
        pendingRestarts.add(restarts.submit(() -> {
            try {
                if (graceful) {
                    replicas.terminate(replica, Duration.ofSeconds(20));
                }
                Replicas.pause(after);
                replicas.start(replica, Duration.ofSeconds(90));
            } finally {
                synchronized (this) {
                    restarting[replica] = false;
                }
            }
        }));
    }

    private void awaitRestarts() {
        List<Future<?>> pending;
        synchronized (this) {
            pending = List.copyOf(pendingRestarts);
        }
        for (Future<?> restart : pending) {
            try {
                restart.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a replica did not come back", e);
            }
        }
    }

    /** Fewer than two replicas serve (others are booting): the fault goes back in the bag for later. */
    private void skip(Fault fault, long begun) {
        bag.addLast(fault);
        record(begun, "skipped " + fault + " (fewer than two replicas up)", Duration.ZERO);
    }

    private void record(long begun, String what, Duration hold) {
        double at = (begun - startNanos) / 1e9;
        episodes.add(String.format("+%5.1fs %s%s", at, what,
                hold.isZero() ? "" : String.format(" for %.1fs", hold.toMillis() / 1000.0)));
    }
}
