package com.demozpay.gateway.app.statement;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.dashen.DashenPartnerClient;
import com.demozpay.gateway.adapter.dashen.DashenSettings;
import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.dashen.DashenStatementClient;
import com.demozpay.gateway.adapter.dashen.DashenStatementFile;
import com.demozpay.gateway.adapter.postgres.PostgresPool;
import com.demozpay.gateway.adapter.postgres.PostgresReconciliationStore;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.app.Main;
import com.demozpay.gateway.app.StatementCommands;
import com.demozpay.gateway.app.e2e.SigningKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase;
import com.demozpay.gateway.ports.service.ReconcileStatementService;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import com.demozpay.gateway.testing.Eventually;
import com.demozpay.gateway.testing.MutableClock;
import com.demozpay.gateway.testing.TestDisbursements;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconcile} end to end in this JVM: disbursements through the gateway's core on real PostgreSQL
 * and the sandbox bank, the bank's statement over its signed API or a file, every class of the
 * classification, the stored run, the exit codes and the gauge.
 */
class ReconcileCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private static String secret;
    private static DashenSandbox bank;
    private static TestDatabase database;
    private static EmbeddedGateway gateway;
    private static final Map<String, Disbursement> byRole = new HashMap<>();
    private static String unknownReference;

    @TempDir
    Path dir;

    @BeforeAll
    static void disburseAndBreakOurBooks() throws SQLException {
        secret = SigningKeys.random();
        DashenSigningKey key = DashenSigningKey.parse(secret);
        bank = DashenSandbox.start(SandboxSettings.defaults(key).withDelays(Duration.ofMillis(100), Duration.ofMillis(100)),
                new SandboxFaults());
        database = TestDatabase.createMigrated();
        gateway = new EmbeddedGateway(database, bank.baseUrl(), key);
        for (String role : List.of("matched", "amount", "failedHere")) {
            byRole.put(role, gateway.initiate(role + "-" + UUID.randomUUID(), 150_00));
        }
        // Paid by the bank under a reference we never stored.
        Duration timeout = Duration.ofSeconds(3);
        try (DashenPartnerClient direct = new DashenPartnerClient(new DashenSettings(bank.baseUrl(), key, timeout, timeout,
                2, true), Clock.systemUTC())) {
            Disbursement stranger = TestDisbursements.disbursement();
            direct.submit(stranger);
            unknownReference = stranger.id().toString();
        }
        Eventually.within(Duration.ofSeconds(20), () -> byRole.values().forEach(d -> assertThat(
                gateway.refresh(d).status()).isEqualTo(DisbursementStatus.SETTLED)));
        // Never sent: we call it SETTLED, the bank has nothing.
        byRole.put("missing", gateway.storeWithoutSending("missing-" + UUID.randomUUID(), 150_00));
        sql("UPDATE disbursements SET status = 'SETTLED' WHERE id = '" + byRole.get("missing").id() + "'");
        sql("UPDATE disbursements SET amount_minor = 14900 WHERE id = '" + byRole.get("amount").id() + "'");
        sql("UPDATE disbursements SET status = 'FAILED', failure_code = 'X', failure_message = 'test'"
                + " WHERE id = '" + byRole.get("failedHere").id() + "'");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        bank.close();
        database.close();
    }

    private static void sql(String update) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(update);
        }
    }

    private static Map<String, String> env() {
        return Map.of("GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                "GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString(),
                "GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true",
                "GATEWAY_DASHEN_SIGNING_KEY", secret);
    }

    private record Outcome(int exitCode, String out) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Outcome run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        int code = StatementCommands.run(all.get(0), all.subList(1, all.size()), env(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Outcome(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private static String classOf(JsonNode report, String reference) {
        for (JsonNode item : report.path("items")) {
            if (item.path("reference").asText().equals(reference)) {
                return item.path("class").asText();
            }
        }
        return "absent";
    }

    @Test
    void theBanksStatementClassifiesEveryTransferAndADiscrepancyExitsTen() throws Exception {
        // when
        Outcome outcome = run("reconcile", "--date", TODAY.toString(), "--json");

        // then
        assertThat(outcome.exitCode()).isEqualTo(StatementCommands.DISCREPANCIES_FOUND);
        JsonNode report = outcome.json();
        assertThat(classOf(report, byRole.get("matched").id().toString())).isEqualTo("MATCHED");
        assertThat(classOf(report, byRole.get("amount").id().toString())).isEqualTo("AMOUNT_MISMATCH");
        assertThat(classOf(report, byRole.get("failedHere").id().toString())).isEqualTo("STATUS_MISMATCH");
        assertThat(classOf(report, byRole.get("missing").id().toString())).isEqualTo("MISSING_AT_BANK");
        assertThat(classOf(report, unknownReference)).isEqualTo("UNKNOWN_TO_US");
        assertThat(report.path("discrepancies").asInt()).isEqualTo(4);
        assertThat(report.path("totals").path("MATCHED").path("amount_etb").asText()).isEqualTo("150.00");
        assertThat(report.path("totals").path("UNKNOWN_TO_US").path("count").asInt()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reconciliation_items WHERE run_id = " + report.path("run_id").asLong()))
                .isEqualTo(5);
    }

    @Test
    void theTableShowsTotalsPerClassInEtbAndEachDiscrepancy() throws Exception {
        Outcome outcome = run("reconcile", "--date", TODAY.toString());

        assertThat(outcome.exitCode()).isEqualTo(StatementCommands.DISCREPANCIES_FOUND);
        assertThat(outcome.out()).contains("Statement reconciliation of " + TODAY)
                .containsPattern("MISSING_AT_BANK +1 +150\\.00")
                .contains(byRole.get("failedHere").id() + " ours is FAILED, the bank lists COMPLETED");
    }

    @Test
    void aDayWithNothingOnEitherSideHasNoDiscrepancyAndExitsZero() throws Exception {
        Outcome outcome = run("reconcile", "--date", TODAY.minusDays(40).toString(), "--json");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.json().path("items")).isEmpty();
    }

    @Test
    void aStatementFileIsReconciledLikeTheBanksAnswer() throws Exception {
        Disbursement matched = byRole.get("matched");
        Path file = dir.resolve("statement.csv");
        Files.writeString(file, DashenStatementFile.HEADER + "\n" + matched.id() + ",TRF-x,150.00,ETB,COMPLETED," + TODAY
                + ",\n" + "FOREIGN-1,TRF-y,10.00,ETB,COMPLETED," + TODAY + ",\n");

        JsonNode report = run("reconcile", "--file", file.toString(), "--json").json();

        assertThat(report.path("origin").asText()).isEqualTo("file");
        assertThat(classOf(report, matched.id().toString())).isEqualTo("MATCHED");
        assertThat(classOf(report, "FOREIGN-1")).isEqualTo("UNKNOWN_TO_US");
        assertThat(classOf(report, byRole.get("missing").id().toString())).isEqualTo("MISSING_AT_BANK");
    }

    @Test
    void aBadFileExitsTwelveAndStoresNothing() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "not,a,statement\n");
        long runs = count("SELECT count(*) FROM reconciliation_runs");

        assertThat(run("reconcile", "--file", file.toString()).exitCode()).isEqualTo(StatementCommands.STATEMENT_FILE_INVALID);
        assertThat(count("SELECT count(*) FROM reconciliation_runs")).isEqualTo(runs);
    }

    @Test
    void aBankThatIsDownExitsElevenAndWrongOptionsAreAUsageError() throws Exception {
        bank.goDown();
        try {
            assertThat(run("reconcile", "--date", TODAY.toString()).exitCode())
                    .isEqualTo(StatementCommands.STATEMENT_UNAVAILABLE);
        } finally {
            bank.comeUp();
        }
        assertThat(run("reconcile").exitCode()).isEqualTo(Main.USAGE_ERROR);
        assertThat(run("reconcile", "--date", "30/11/2026").exitCode()).isEqualTo(Main.USAGE_ERROR);
        assertThat(run("recover", "--date", TODAY.toString(), "--frobnicate").exitCode()).isEqualTo(Main.USAGE_ERROR);
    }

    @Test
    void theGaugeShowsTheDiscrepanciesOfTheLatestRun() throws Exception {
        run("reconcile", "--date", TODAY.toString());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PostgresPool pool = database.openPool(2)) {
            new ReconciliationGauges(new PostgresReconciliationStore(pool.dataSource()), registry).refresh();
        }

        assertThat(registry.get("demozpay.reconciliation.discrepancies").tag("class", "STATUS_MISMATCH").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("demozpay.reconciliation.discrepancies").tag("class", "UNKNOWN_TO_US").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.find("demozpay.reconciliation.discrepancies").tag("class", "MATCHED").gauge()).isNull();
    }

    @Test
    void twoReplicasDueAtOnceRunTheDayOnce() throws Exception {
        Clock afterTheHour = Clock.fixed(TODAY.plusDays(1).atTime(2, 30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try (PostgresPool one = database.openPool(2); PostgresPool two = database.openPool(2);
                // Signed on the real clock: the bank refuses a timestamp from tomorrow.
                DashenStatementClient statements = new DashenStatementClient(new DashenSettings(bank.baseUrl(),
                        DashenSigningKey.parse(secret), Duration.ofSeconds(3), Duration.ofSeconds(3), 2, true),
                        Optional.empty(), Clock.systemUTC())) {
            List<DailyStatementReconciliation> replicas = new ArrayList<>();
            for (PostgresPool pool : List.of(one, two)) {
                var store = new PostgresReconciliationStore(pool.dataSource());
                ReconcileStatementUseCase reconcile = new ReconcileStatementService(statements, store, afterTheHour);
                replicas.add(new DailyStatementReconciliation(LocalTime.of(2, 0), reconcile, store, afterTheHour));
            }

            replicas.parallelStream().forEach(DailyStatementReconciliation::tick);
            replicas.forEach(DailyStatementReconciliation::tick);
        }

        assertThat(count("SELECT count(*) FROM reconciliation_runs WHERE origin = 'schedule' AND statement_date = '"
                + TODAY + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM scheduled_reconciliations WHERE run_id IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aDailyRunThatFailsGivesTheDayBackAndTheNextTryAMinuteLaterRunsIt() throws Exception {
        LocalDate day = TODAY.minusDays(20);
        MutableClock clock = new MutableClock(day.plusDays(1).atTime(3, 0).toInstant(ZoneOffset.UTC));
        try (PostgresPool pool = database.openPool(2);
                DashenStatementClient statements = new DashenStatementClient(new DashenSettings(bank.baseUrl(),
                        DashenSigningKey.parse(secret), Duration.ofSeconds(3), Duration.ofSeconds(3), 2, true),
                        Optional.empty(), Clock.systemUTC())) {
            var store = new PostgresReconciliationStore(pool.dataSource());
            DailyStatementReconciliation daily = new DailyStatementReconciliation(LocalTime.of(2, 0),
                    new ReconcileStatementService(statements, store, clock), store, clock);
            bank.goDown();
            try {
                daily.tick();
            } finally {
                bank.comeUp();
            }
            assertThat(count("SELECT count(*) FROM scheduled_reconciliations WHERE statement_date = '" + day + "'"))
                    .as("the claim is given back").isZero();

            daily.tick();
            assertThat(count("SELECT count(*) FROM reconciliation_runs WHERE statement_date = '" + day + "'"))
                    .as("not before a minute").isZero();
            clock.advance(Duration.ofSeconds(61));
            daily.tick();
        }

        assertThat(count("SELECT count(*) FROM reconciliation_runs WHERE origin = 'schedule' AND statement_date = '"
                + day + "'")).isEqualTo(1);
    }

    private static long count(String query) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); var r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
