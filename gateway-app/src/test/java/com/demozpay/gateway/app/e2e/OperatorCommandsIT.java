package com.demozpay.gateway.app.e2e;

import static com.demozpay.gateway.app.e2e.GatewayFixture.ACCOUNT;
import static com.demozpay.gateway.app.e2e.GatewayFixture.newKey;
import static com.demozpay.gateway.app.e2e.GatewayFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.app.e2e.DatabaseRows.Transition;
import com.demozpay.gateway.sandbox.SandboxTransfer;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator commands as an operator runs them: the production jar as its own process, beside a running
 * gateway (its own process too) on real PostgreSQL, with the sandbox bank. The reconciler is parked, so
 * what moves a disbursement here is the submit, the bank's callbacks, or an operator.
 */
class OperatorCommandsIT {

    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayFixture gateway;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start(OperatorCommandsIT.class,
                Map.of("GATEWAY_RECONCILE_INITIATED_AFTER", "1h", "GATEWAY_RECONCILE_INFLIGHT_AFTER", "1h"));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void healBank() {
        gateway.healBank();
    }

    @Test
    void initiateAndStatusTalkToTheRunningGatewayAndPrintOneJsonDocument() {
        String key = newKey();

        GatewayProcess initiate = command("initiate", "--target", target(), "--key", key, "--product", "EWA",
                "--product-reference", "ewa-" + key, "--amount-minor", "15000", "--account-number", ACCOUNT,
                "--account-name", "Abebe Kebede", "--narrative", "demo", "--json");

        assertThat(initiate.awaitExit(COMMAND_LIMIT)).as(initiate.output()).isZero();
        JsonNode created = onlyJson(initiate);
        String id = created.path("id").asText();
        assertThat(created.path("idempotency_key").asText()).isEqualTo(key);
        assertThat(created.path("account").asText()).isEqualTo("*********6789");
        assertThat(initiate.output()).doesNotContain(ACCOUNT);
        gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT);

        GatewayProcess byId = command("status", id, "--target", target(), "--json");
        GatewayProcess byKey = command("status", "--key", key, "--target", target());

        assertThat(byId.awaitExit(COMMAND_LIMIT)).as(byId.output()).isZero();
        assertThat(onlyJson(byId).path("status").asText()).isEqualTo("SETTLED");
        assertThat(byKey.awaitExit(COMMAND_LIMIT)).as(byKey.output()).isZero();
        assertThat(byKey.stdoutLines()).anyMatch(line -> line.matches("status:\\s+SETTLED"))
                .anyMatch(line -> line.matches("id:\\s+" + id));
    }

    @Test
    void statusOfAnUnknownKeyExitsNotFound() {
        GatewayProcess status = command("status", "--key", "never-used-" + UUID.randomUUID(), "--target", target());

        assertThat(status.awaitExit(COMMAND_LIMIT)).as(status.output()).isEqualTo(10);
        assertThat(status.stdoutLines()).isEmpty();
    }

    @Test
    void badArgumentsAreUsageErrorsThatChangeNothing() {
        long before = gateway.rows.disbursementCount();
        List<List<String>> bad = List.of(
                List.of("initiate", "--target", target(), "--key", newKey(), "--product", "CAR"),
                List.of("initiate", "--target", target(), "--key", newKey()),
                List.of("status"),
                List.of("list", "--status", "PAID"),
                List.of("list", "--status", "FAILED", "--older-than", "yesterday"),
                List.of("inbox"),
                List.of("anomalies", "--colour"),
                List.of("resolve", "not-a-uuid", "--to", "SETTLED", "--reason", "r", "--operator", "abebe"),
                List.of("resolve", UUID.randomUUID().toString(), "--to", "ACCEPTED", "--reason", "r", "--operator", "abebe"),
                List.of("resolve", UUID.randomUUID().toString(), "--to", "SETTLED", "--operator", "abebe"));

        for (List<String> args : bad) {
            GatewayProcess run = command(args.toArray(String[]::new));
            assertThat(run.awaitExit(COMMAND_LIMIT)).as(args + "\n" + run.output()).isEqualTo(64);
            assertThat(run.stdoutLines()).as(args.toString()).isEmpty();
            assertThat(run.stderrLines()).as(args.toString()).anyMatch(line -> line.contains("\"msg\":\"usage error\""));
        }
        assertThat(gateway.rows.disbursementCount()).isEqualTo(before);
    }

    @Test
    void listShowsDisbursementsInAStatusUnchangedForLongEnough() {
        String id = gateway.initiate(request(newKey())).getId();
        gateway.awaitStatus(id, DisbursementStatus.SETTLED, SETTLE_LIMIT);

        GatewayProcess recent = command("list", "--status", "SETTLED", "--json");
        GatewayProcess old = command("list", "--status", "SETTLED", "--older-than", "1d", "--json");
        GatewayProcess table = command("list", "--status", "SETTLED");

        assertThat(recent.awaitExit(COMMAND_LIMIT)).as(recent.output()).isZero();
        assertThat(ids(onlyJson(recent).path("disbursements"))).contains(id);
        assertThat(old.awaitExit(COMMAND_LIMIT)).as(old.output()).isZero();
        assertThat(ids(onlyJson(old).path("disbursements"))).doesNotContain(id);
        assertThat(table.awaitExit(COMMAND_LIMIT)).as(table.output()).isZero();
        assertThat(table.stdoutLines().get(0)).startsWith("ID").contains("STATUS");
        assertThat(table.stdoutLines()).anyMatch(line -> line.startsWith(id) && line.contains("SETTLED"));
    }

    @Test
    void inboxListsACallbackAboutAReferenceWeDoNotHold() throws Exception {
        String reference = UUID.randomUUID().toString();
        String eventId = "msg_unmatched_" + UUID.randomUUID();
        // answered 202: verified, kept, matching nothing
        assertThat(gateway.postCallback(eventId, GatewayFixture.completedCallback(reference, "DSH-UNKNOWN-1", "150.00")).statusCode()).isEqualTo(202);

        GatewayProcess inbox = command("inbox", "--unmatched", "--json");

        assertThat(inbox.awaitExit(COMMAND_LIMIT)).as(inbox.output()).isZero();
        assertThat(onlyJson(inbox).path("callbacks")).anySatisfy(callback -> {
            assertThat(callback.path("event_id").asText()).isEqualTo(eventId);
            assertThat(callback.path("reference").asText()).isEqualTo(reference);
            assertThat(callback.path("reported_status").asText()).isEqualTo("SETTLED");
        });
    }

    @Test
    void aFailedDisbursementTheBankCompletedIsAnAnomalyThatResolveSettlesWithTheBanksConfirmation() throws Exception {
        // given: the bank completed a transfer that we hold FAILED (as a lost row would leave it), and its
        // callback arrives: the gateway keeps the anomaly and changes nothing
        String id = completedAtTheBankHeldSubmitted();
        setFailedNotSubmitted(id);
        SandboxTransfer completed = gateway.bank.transfer(id).orElseThrow();
        assertThat(gateway.postCallback("msg_conflict_" + UUID.randomUUID(), GatewayFixture.completedCallback(id, completed.transferId(), "150.00"))
                .statusCode()).isEqualTo(200);
        JsonNode anomaly = Eventually.await("the anomaly on " + id + " is listed", SETTLE_LIMIT,
                () -> anomalyOf(id), found -> found != null);
        assertThat(anomaly.path("kind").asText()).isEqualTo("CONFLICTING_FINAL");
        assertThat(gateway.rows.status(id)).isEqualTo("FAILED");

        // when: an operator asks for what the bank does not say, then for what it confirms
        GatewayProcess already = resolve(id, "FAILED");
        GatewayProcess settle = resolve(id, "SETTLED", "--json");

        // then
        assertThat(already.awaitExit(COMMAND_LIMIT)).as(already.output()).isEqualTo(20);
        assertThat(settle.awaitExit(COMMAND_LIMIT)).as(settle.output()).isZero();
        JsonNode resolved = onlyJson(settle);
        assertThat(resolved.path("result").asText()).isEqualTo("resolved");
        assertThat(resolved.path("from").asText()).isEqualTo("FAILED");
        assertThat(resolved.path("bank_answer").asText()).startsWith("SETTLED transfer " + completed.transferId());
        assertThat(resolved.path("disbursement").path("failure_code").asText()).isEmpty();
        assertThat(gateway.status(id).getStatus()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(gateway.rows.transitions(id)).last().isEqualTo(new Transition("FAILED", "SETTLED", "operator", null));
        assertThat(audit(id)).containsExactly("abebe", "ticket OPS-7", null,
                "SETTLED transfer " + completed.transferId() + " amount 15000 ETB");
        assertThat(anomalyOf(id)).isNull();
        assertThat(settle.stderrLines()).anyMatch(line -> line.contains("\"msg\":\"disbursement resolved\"")
                && line.contains("\"operator\":\"abebe\"") && line.contains("\"reason\":\"ticket OPS-7\""));
    }

    @Test
    void resolveRefusesToContradictTheBankOrToMoveAFinalStateAndChangesNothing() {
        // given: one the bank paid that we hold SUBMITTED, and one settled the ordinary way
        String paid = completedAtTheBankHeldSubmitted();
        gateway.healBank();
        String settled = gateway.initiate(request(newKey())).getId();
        List<Transition> paidLog = gateway.rows.transitions(paid);

        // when
        GatewayProcess contradicting = resolve(paid, "FAILED", "--json");
        gateway.awaitStatus(settled, DisbursementStatus.SETTLED, SETTLE_LIMIT);
        GatewayProcess finalState = resolve(settled, "FAILED");
        GatewayProcess unknown = resolve(UUID.randomUUID().toString(), "FAILED");

        // then
        assertThat(contradicting.awaitExit(COMMAND_LIMIT)).as(contradicting.output()).isEqualTo(23);
        JsonNode refused = onlyJson(contradicting);
        assertThat(refused.path("refusal").asText()).isEqualTo("CONTRADICTS_BANK");
        assertThat(refused.path("bank_answer").asText()).startsWith("SETTLED");
        assertThat(gateway.rows.status(paid)).isEqualTo("SUBMITTED");
        assertThat(gateway.rows.transitions(paid)).isEqualTo(paidLog);
        assertThat(contradicting.stderrLines()).anyMatch(line -> line.contains("\"msg\":\"resolution refused\""));
        assertThat(finalState.awaitExit(COMMAND_LIMIT)).as(finalState.output()).isEqualTo(21);
        assertThat(gateway.rows.status(settled)).isEqualTo("SETTLED");
        assertThat(unknown.awaitExit(COMMAND_LIMIT)).as(unknown.output()).isEqualTo(10);
    }

    @Test
    void withTheBankDownResolveRefusesUnlessOverriddenAndKeepsTheOverridesReason() throws Exception {
        // given
        String id = completedAtTheBankHeldSubmitted();
        gateway.bank.goDown();

        // when
        GatewayProcess refused = resolve(id, "SETTLED");
        GatewayProcess overridden = resolve(id, "SETTLED", "--override", "bank confirmed by phone, call 4411");

        // then
        assertThat(refused.awaitExit(COMMAND_LIMIT)).as(refused.output()).isEqualTo(24);
        assertThat(overridden.awaitExit(COMMAND_LIMIT)).as(overridden.output()).isZero();
        assertThat(overridden.stdoutLines()).anyMatch(line -> line.matches("overridden:\\s+true"));
        assertThat(gateway.rows.status(id)).isEqualTo("SETTLED");
        assertThat(audit(id).get(2)).isEqualTo("bank confirmed by phone, call 4411");
        assertThat(audit(id).get(3)).startsWith("UNAVAILABLE");
    }

    /** A disbursement the bank completed while its callbacks were off: we hold it SUBMITTED. */
    private static String completedAtTheBankHeldSubmitted() {
        gateway.bank.faults().callbacksOff(true);
        String id = gateway.initiate(request(newKey())).getId();
        Eventually.await("the bank completed " + id, SETTLE_LIMIT, () -> gateway.bank.transfer(id).orElse(null),
                transfer -> transfer != null && transfer.status() == SandboxTransfer.Status.COMPLETED);
        assertThat(gateway.rows.status(id)).isEqualTo("SUBMITTED");
        return id;
    }

    private static GatewayProcess resolve(String id, String to, String... more) {
        List<String> args = new ArrayList<>(List.of("resolve", id, "--to", to, "--reason", "ticket OPS-7",
                "--operator", "abebe"));
        args.addAll(List.of(more));
        return command(args.toArray(String[]::new));
    }

    /**
     * Runs the production jar to its end with the gateway's own environment, as an operator in the gateway's
     * pod would, one command after the other.
     */
    private static GatewayProcess command(String... args) {
        return GatewayProcess.runToExit(gateway.environment(), COMMAND_LIMIT, args);
    }

    private static String target() {
        return "127.0.0.1:" + gateway.grpcPort;
    }

    private static JsonNode onlyJson(GatewayProcess run) {
        assertThat(run.stdoutLines()).as("one JSON document on stdout").hasSize(1);
        try {
            return JSON.readTree(run.stdoutLines().get(0));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + run.stdoutLines().get(0), e);
        }
    }

    private static List<String> ids(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false).map(row -> row.path("id").asText()).toList();
    }

    private static JsonNode anomalyOf(String id) {
        GatewayProcess anomalies = command("anomalies", "--json");
        assertThat(anomalies.awaitExit(COMMAND_LIMIT)).as(anomalies.output()).isZero();
        for (JsonNode anomaly : onlyJson(anomalies).path("anomalies")) {
            if (id.equals(anomaly.path("disbursement_id").asText())) {
                return anomaly;
            }
        }
        return null;
    }

    /** As a lost row would leave it: FAILED NOT_SUBMITTED, although the bank has the transfer. */
    private static void setFailedNotSubmitted(String id) throws SQLException {
        try (Connection connection = gateway.database.connect();
                PreparedStatement update = connection.prepareStatement("UPDATE disbursements SET status = 'FAILED',"
                        + " failure_code = 'NOT_SUBMITTED', failure_message = 'never received' WHERE id = ?::uuid")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** Operator, reason, override and bank answer of the disbursement's last transition. */
    private static List<String> audit(String id) throws SQLException {
        try (Connection connection = gateway.database.connect();
                PreparedStatement query = connection.prepareStatement("SELECT operator, reason, override_reason,"
                        + " bank_answer FROM disbursement_transitions WHERE disbursement_id = ?::uuid ORDER BY id DESC LIMIT 1")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                List<String> audit = new ArrayList<>();
                for (int column = 1; column <= 4; column++) {
                    audit.add(row.getString(column));
                }
                return audit;
            }
        }
    }
}
