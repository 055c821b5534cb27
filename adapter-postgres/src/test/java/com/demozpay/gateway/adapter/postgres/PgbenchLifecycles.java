package com.demozpay.gateway.adapter.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's ceiling for one disbursement lifecycle: pgbench running the store's three statements
 * (insert with its log row, then two transitions with theirs, each its own transaction) on a migrated
 * database. Used by {@link LifecycleBenchmark} and by the end-to-end benchmark in gateway-benchmark,
 * so both compare against the same SQL.
 */
public final class PgbenchLifecycles {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /** The store's three statements, as pgbench runs them: one script run is one lifecycle. */
    static final String SCRIPT = """
            \\set amount random(1, 10000000)
            BEGIN;
            WITH inserted AS (
                INSERT INTO disbursements (id, idempotency_key, product, product_reference, amount_minor, currency,
                        account_number, account_name, narrative, status, partner_reference, failure_code,
                        failure_message, created_at, updated_at)
                VALUES (gen_random_uuid(), 'pgbench-' || gen_random_uuid(), 'EWA', 'ewa-bench-' || gen_random_uuid(),
                        :amount, 'ETB', '1000123456789', 'Abebe Kebede', 'March advance', 'INITIATED', NULL, NULL, NULL, now(), now())
                ON CONFLICT DO NOTHING
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

    private PgbenchLifecycles() {
    }

    /** The script in a temporary file, for pgbench's {@code --file}; the caller deletes it. */
    public static Path writeScript() throws IOException {
        Path script = Files.createTempFile("lifecycle", ".pgbench");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        return script;
    }

    /** Lifecycles per second that pgbench ran with {@code clients} clients for {@code seconds}. */
    public static double rate(String pgbench, TestDatabase database, Path script, int clients, int seconds)
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
    public static void checkDidTheWork(TestDatabase database, long maxCutOff) throws SQLException {
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
}
