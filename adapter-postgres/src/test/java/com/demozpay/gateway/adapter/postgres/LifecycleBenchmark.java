package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Full disbursement lifecycles per second (insert, then two transitions, each with its log row, each
 * its own transaction) through {@link PostgresDisbursementStore}, against pgbench running the same SQL
 * on the same database, in alternating rounds; prints each round, the medians and their ratio. Not a
 * test: run it with {@code ./mvnw -B -pl adapter-postgres -am -Pbench -DskipTests verify} (see
 * docs/performance.md). Arguments: clients, seconds per round, rounds, path of pgbench.
 */
public final class LifecycleBenchmark {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /** The store's three statements, as pgbench runs them: one script run is one lifecycle. */
    private static final String PGBENCH_SCRIPT = """
            \\set amount random(1, 10000000)
            BEGIN;
            WITH inserted AS (
                INSERT INTO disbursements (id, idempotency_key, product, product_reference, amount_minor, currency,
                        account_number, account_name, narrative, status, partner_reference, failure_code,
                        failure_message, created_at, updated_at)
                VALUES (gen_random_uuid(), 'pgbench-' || gen_random_uuid(), 'EWA', 'ewa-bench', :amount, 'ETB',
                        '1000123456789', 'Abebe Kebede', 'March advance', 'INITIATED', NULL, NULL, NULL, now(), now())
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING *
            ), logged AS (
                INSERT INTO disbursement_transitions (disbursement_id, from_status, to_status, source, at)
                SELECT id, NULL, status, 'api', created_at FROM inserted
            )
            SELECT id FROM inserted \\gset
            COMMIT;
            """ + pgbenchTransition("INITIATED", "SUBMITTED", "'api'", "NULL")
            + pgbenchTransition("SUBMITTED", "SETTLED", "'webhook'", "'evt-' || CAST(:id AS text)");

    private static String pgbenchTransition(String from, String to, String source, String partnerEventId) {
        return """
                BEGIN;
                WITH moved AS (
                    UPDATE disbursements
                       SET status = '%2$s', partner_reference = 'DSH-' || CAST(:id AS text), failure_code = NULL,
                           failure_message = NULL, updated_at = now()
                     WHERE id = CAST(:id AS uuid) AND status = '%1$s'
                    RETURNING *
                ), logged AS (
                    INSERT INTO disbursement_transitions (disbursement_id, from_status, to_status, source,
                            partner_event_id, at)
                    SELECT id, '%1$s', status, %3$s, %4$s, updated_at FROM moved
                )
                SELECT * FROM moved;
                COMMIT;
                """.formatted(from, to, source, partnerEventId);
    }

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
            Path script = Files.createTempFile("lifecycle", ".pgbench");
            Files.writeString(script, PGBENCH_SCRIPT, StandardCharsets.UTF_8);
            System.out.printf("lifecycle benchmark: %d clients, %d s per round, %d rounds, database %s%n",
                    clients, seconds, rounds, database.url());
            adapterRate(store, clients, seconds); // warm-up: JIT compilation, server-side prepared statements
            List<Double> adapter = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Who goes first alternates, so that neither always meets the other's leftovers (WAL, vacuum).
                if (round % 2 == 1) {
                    adapter.add(adapterRate(store, clients, seconds));
                    sql.add(pgbenchRate(pgbench, database, script, clients, seconds));
                } else {
                    sql.add(pgbenchRate(pgbench, database, script, clients, seconds));
                    adapter.add(adapterRate(store, clients, seconds));
                }
                System.out.printf(Locale.ROOT, "round %d: adapter %.1f lifecycles/s, pgbench %.1f lifecycles/s, ratio %.2f%n",
                        round, adapter.get(round - 1), sql.get(round - 1), adapter.get(round - 1) / sql.get(round - 1));
            }
            Files.delete(script);
            checkPgbenchDidTheWork(database, (long) clients * rounds);
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

    private static double pgbenchRate(String pgbench, TestDatabase database, Path script, int clients, int seconds)
            throws IOException, InterruptedException {
        DatabaseUrl url = database.url();
        DatabaseUrl.Host server = url.hosts().get(0);
        ProcessBuilder builder = new ProcessBuilder(pgbench, "--no-vacuum", "--protocol=prepared",
                "--client=" + clients, "--jobs=" + Math.min(clients, 2), "--time=" + seconds,
                "--file=" + script, "--host=" + server.name(), "--port=" + server.port(),
                "--username=" + url.user(), url.database());
        url.password().ifPresent(password -> builder.environment().put("PGPASSWORD", password));
        if (url.properties().containsKey("sslmode")) {
            builder.environment().put("PGSSLMODE", url.properties().get("sslmode"));
        }
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher tps = TPS.matcher(output);
        if (process.waitFor() != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    /** Every lifecycle pgbench counted moved its row to SETTLED and wrote three log rows. */
    private static void checkPgbenchDidTheWork(TestDatabase database, long maxCutOff) throws SQLException {
        try (Connection connection = database.connect();
                ResultSet counts = connection.createStatement().executeQuery("""
                        SELECT count(*) FILTER (WHERE d.status = 'SETTLED' AND l.rows = 3), count(*)
                          FROM disbursements d
                          JOIN (SELECT disbursement_id, count(*) AS rows FROM disbursement_transitions
                                 GROUP BY disbursement_id) l ON l.disbursement_id = d.id
                         WHERE d.idempotency_key LIKE 'pgbench-%'
                        """)) {
            counts.next();
            System.out.printf("pgbench rows: %d of %d settled with 3 log rows (the rest were cut off by --time)%n",
                    counts.getLong(1), counts.getLong(2));
            if (counts.getLong(2) - counts.getLong(1) > maxCutOff) {
                throw new IllegalStateException("pgbench did not run the lifecycles it counted");
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
