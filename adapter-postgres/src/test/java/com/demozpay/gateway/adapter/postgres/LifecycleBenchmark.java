package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Full disbursement lifecycles per second (insert, then two transitions, each with its log row, each
 * its own transaction) through {@link PostgresDisbursementStore}, against pgbench running the same SQL
 * on the same database, in alternating rounds; prints each round, the medians and their ratio. Not a
 * test: run it with {@code ./mvnw -B -pl adapter-postgres -am -Pbench -DskipTests verify} (see
 * docs/performance.md). Arguments: clients, seconds per round, rounds, path of pgbench.
 */
public final class LifecycleBenchmark {

    private LifecycleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String pgbench = args.length > 3 ? args[3] : "/usr/bin/pgbench";
        try (TestDatabase database = TestDatabase.createMigrated();
                PostgresPool pool = database.openPool(Math.max(PoolSettings.MIN_SIZE, clients))) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
            Path script = PgbenchLifecycles.writeScript();
            System.out.printf("lifecycle benchmark: %d clients, %d s per round, %d rounds, database %s%n",
                    clients, seconds, rounds, database.url());
            adapterRate(store, clients, seconds); // warm-up: JIT compilation, server-side prepared statements
            List<Double> adapter = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Who goes first alternates, so that neither always meets the other's leftovers (WAL, vacuum).
                if (round % 2 == 1) {
                    adapter.add(adapterRate(store, clients, seconds));
                    sql.add(PgbenchLifecycles.rate(pgbench, database, script, clients, seconds));
                } else {
                    sql.add(PgbenchLifecycles.rate(pgbench, database, script, clients, seconds));
                    adapter.add(adapterRate(store, clients, seconds));
                }
                System.out.printf(Locale.ROOT, "round %d: adapter %.1f lifecycles/s, pgbench %.1f lifecycles/s, ratio %.2f%n",
                        round, adapter.get(round - 1), sql.get(round - 1), adapter.get(round - 1) / sql.get(round - 1));
            }
            Files.delete(script);
            PgbenchLifecycles.checkDidTheWork(database, (long) clients * rounds);
            double adapterMedian = median(adapter);
            double pgbenchMedian = median(sql);
            // The two runs of one round are next to each other in time, so their ratio drifts less with
            // the load of a shared machine than the ratio of the medians does.
            List<Double> ratios = IntStream.range(0, rounds).mapToObj(i -> adapter.get(i) / sql.get(i)).toList();
            System.out.printf(Locale.ROOT, "median: adapter %.1f lifecycles/s, pgbench %.1f lifecycles/s, ratio %.2f;"
                    + " median of the rounds' ratios %.2f%n", adapterMedian, pgbenchMedian, adapterMedian / pgbenchMedian,
                    median(ratios));
        }
    }

    private static double adapterRate(DisbursementStore store, int clients, int seconds) throws InterruptedException {
        AtomicLong lifecycles = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        Race.run(clients, client -> {
            while (System.nanoTime() < deadline) {
                lifecycle(store);
                lifecycles.incrementAndGet();
            }
        });
        return lifecycles.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void lifecycle(DisbursementStore store) {
        Disbursement disbursement = store.insertIfAbsent(
                Fixtures.initiated("bench-" + UUID.randomUUID(), Instant.now())).disbursement();
        store.transition(disbursement.id(), Fixtures.moveWithReference(INITIATED, SUBMITTED, "DSH-" + disbursement.id()),
                TransitionCause.of(TransitionSource.API), Instant.now());
        store.transition(disbursement.id(), Fixtures.moveWithReference(SUBMITTED, SETTLED, "DSH-" + disbursement.id()),
                TransitionCause.callback("evt-" + disbursement.id()), Instant.now());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
