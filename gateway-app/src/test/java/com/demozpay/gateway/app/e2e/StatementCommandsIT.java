package com.demozpay.gateway.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.app.StatementCommands;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's statement reconciliation: {@code reconcile} as a command beside a running gateway,
 * its exit codes, the gateway's {@code demozpay_reconciliation_discrepancies} following the latest run,
 * and the daily run the gateway starts by itself ({@code GATEWAY_STATEMENT_RECONCILE_AT}).
 */
class StatementCommandsIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        // 00:00: the daily run of yesterday is due as soon as the gateway is up.
        fixture = GatewayFixture.start(StatementCommandsIT.class, Map.of("GATEWAY_STATEMENT_RECONCILE_AT", "00:00"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void reconcileBesideARunningGatewayExitsTenOnADiscrepancyAndTheGaugeFollowsTheLatestRun() throws Exception {
        // given: one settled disbursement
        Disbursement settled = fixture.initiate(GatewayFixture.request(GatewayFixture.newKey()));
        fixture.awaitStatus(settled.getId(), DisbursementStatus.SETTLED, Duration.ofSeconds(30));

        // when / then: the books agree
        GatewayProcess clean = GatewayProcess.runToExit(fixture.environment(), LIMIT, "reconcile", "--date",
                TODAY.toString(), "--json");
        assertThat(clean.awaitExit(LIMIT)).as(clean.output()).isZero();
        assertThat(report(clean).path("totals").path("MATCHED").path("count").asInt()).isEqualTo(1);

        // when our row says FAILED though the bank paid it
        try (Connection c = fixture.database.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE disbursements SET status = 'FAILED', failure_code = 'X', failure_message = 'test'"
                    + " WHERE id = '" + settled.getId() + "'");
        }
        GatewayProcess found = GatewayProcess.runToExit(fixture.environment(), LIMIT, "reconcile", "--date",
                TODAY.toString());

        // then
        assertThat(found.awaitExit(LIMIT)).as(found.output()).isEqualTo(StatementCommands.DISCREPANCIES_FOUND);
        assertThat(found.output()).contains("STATUS_MISMATCH").contains(settled.getId());
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(metrics().value(
                "demozpay_reconciliation_discrepancies", Map.of("class", "STATUS_MISMATCH"))).isEqualTo(1.0));
    }

    @Test
    void theGatewayReconcilesYesterdayByItselfOnceTheTimeHasCome() {
        // A first attempt that fails (a busy machine) is tried again a minute later.
        JsonNode line = Eventually.await("the daily run", Duration.ofSeconds(100),
                () -> fixture.logLines("statement reconciled"), lines -> !lines.isEmpty()).get(0);

        assertThat(line.path("statement_date").asText()).isEqualTo(TODAY.minusDays(1).toString());
        assertThat(line.path("discrepancies").asInt()).isZero();
    }

    private static JsonNode report(GatewayProcess process) throws Exception {
        for (String line : process.stdoutLines()) {
            JsonNode json = GatewayFixture.parse(line);
            if (json != null && json.has("statement_date") && !json.has("msg")) {
                return json;
            }
        }
        throw new AssertionError("no report in:\n" + process.output());
    }

    private static PrometheusText metrics() {
        try {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + fixture.adminPort + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            return PrometheusText.parse(scrape.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
