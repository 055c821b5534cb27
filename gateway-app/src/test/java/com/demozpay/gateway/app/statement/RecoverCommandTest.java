package com.demozpay.gateway.app.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.DashenSigningKey;
import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.app.StatementCommands;
import com.demozpay.gateway.app.e2e.SigningKeys;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyConflictException;
import com.demozpay.gateway.sandbox.DashenSandbox;
import com.demozpay.gateway.sandbox.SandboxFaults;
import com.demozpay.gateway.sandbox.SandboxSettings;
import com.demozpay.gateway.sandbox.SandboxTransfer;
import com.demozpay.gateway.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery after data loss, end to end in this JVM on real PostgreSQL and the sandbox bank: disburse,
 * copy the database, disburse more, restore the older copy (a new gateway on the copy), recover from the
 * bank's statement; then every transfer the bank holds is accounted for and no retry sends anything again.
 */
class RecoverCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final long AMOUNT = 150_00;

    private final String secret = SigningKeys.random();
    private final DashenSandbox bank = DashenSandbox.start(SandboxSettings.defaults(DashenSigningKey.parse(secret))
            .withDelays(Duration.ofMillis(100), Duration.ofMillis(100)), new SandboxFaults());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        bank.close();
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private EmbeddedGateway gatewayOn(TestDatabase database) {
        return closing(new EmbeddedGateway(database, bank.baseUrl(), DashenSigningKey.parse(secret)));
    }

    private List<String> disburse(EmbeddedGateway gateway, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "loan-" + UUID.randomUUID();
            gateway.initiate(key, AMOUNT);
            keys.add(key);
        }
        return keys;
    }

    private void awaitCompletedAtTheBank() {
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(bank.statementOf(TODAY))
                .allSatisfy(t -> assertThat(t.status()).isEqualTo(SandboxTransfer.Status.COMPLETED)));
    }

    private JsonNode run(TestDatabase database, int expectedExit, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = StatementCommands.run(args[0], List.of(args).subList(1, args.length), Map.of(
                        "GATEWAY_DATABASE_URL", database.postgresConnectionString(),
                        "GATEWAY_DASHEN_BASE_URL", bank.baseUrl().toString(),
                        "GATEWAY_DASHEN_ALLOW_INSECURE_HTTP", "true",
                        "GATEWAY_DASHEN_SIGNING_KEY", secret),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).as(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
        return JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void afterARestoreFromAnOlderCopyRecoveryAccountsForEveryTransferAndNoRetryPaysAgain() throws Exception {
        // given: three disbursements, a copy of the database, three more the copy does not have
        TestDatabase live = closing(TestDatabase.createMigrated());
        List<String> keptKeys;
        try (EmbeddedGateway before = new EmbeddedGateway(live, bank.baseUrl(), DashenSigningKey.parse(secret))) {
            keptKeys = disburse(before, 3);
        }
        TestDatabase olderCopy = closing(live.copy());
        List<String> lostKeys = disburse(gatewayOn(live), 3);
        awaitCompletedAtTheBank();
        int submitsBeforeRestore = bank.totalSubmits();

        // when: the older copy is restored and recovered from the bank's statement
        EmbeddedGateway restored = gatewayOn(olderCopy);
        JsonNode lostBefore = run(olderCopy, StatementCommands.DISCREPANCIES_FOUND, "reconcile", "--date", TODAY.toString(),
                "--json");
        JsonNode recovery = run(olderCopy, 0, "recover", "--date", TODAY.toString(), "--json");
        JsonNode again = run(olderCopy, 0, "recover", "--date", TODAY.toString(), "--json");

        // then: the lost ones were unknown to the copy, are recovered once, and every line is accounted for
        assertThat(lostBefore.path("totals").path("UNKNOWN_TO_US").path("count").asInt()).isEqualTo(3);
        assertThat(recovery.path("recovered")).hasSize(3);
        assertThat(recovery.path("already_held").asInt()).isEqualTo(3);
        assertThat(again.path("recovered")).isEmpty();
        assertThat(again.path("already_held").asInt()).isEqualTo(6);
        JsonNode reconciled = run(olderCopy, 0, "reconcile", "--date", TODAY.toString(), "--json");
        assertThat(reconciled.path("items")).hasSize(6).allSatisfy(item -> assertThat(item.path("class").asText())
                .isIn("MATCHED", "PENDING"));
        // the kept ones were still moving in the copy: the reconciler catches up (done by hand here)
        keptKeys.forEach(restored::refresh);

        // and when a retry of a lost one asks for another amount, it is refused and nothing is sent
        String firstLost = lostKeys.get(0);
        assertThatThrownBy(() -> restored.initiate(firstLost, AMOUNT + 1))
                .isInstanceOfSatisfying(IdempotencyConflictException.class,
                        e -> assertThat(e.differingFields()).containsExactly("amount"));

        // and when the platform retries every disbursement with its key
        List<Disbursement> retried = new ArrayList<>();
        for (String key : concat(keptKeys, lostKeys)) {
            retried.add(restored.initiate(key, AMOUNT));
        }

        // then: each finds its transfer as the bank holds it, and the bank received nothing more
        assertThat(retried).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(d.partnerReference().orElseThrow().value())
                    .isEqualTo(bank.transfer(d.id().toString()).orElseThrow().transferId());
        });
        assertThat(bank.totalSubmits()).isEqualTo(submitsBeforeRestore);
        assertThat(bank.distinctTransfers()).isEqualTo(6);
        assertThat(retried).allSatisfy(d -> assertThat(bank.submitsFor(d.id().toString())).isEqualTo(1));
        assertThat(count(olderCopy, "SELECT count(*) FROM disbursements WHERE recovered_at IS NOT NULL")).isEqualTo(3);
        assertThat(count(olderCopy, "SELECT count(*) FROM disbursement_transitions WHERE source = 'recovery'"
                + " AND from_status IS NULL AND to_status = 'SETTLED'")).isEqualTo(3);
        assertThat(count(olderCopy, "SELECT count(*) FROM recovered_transfers WHERE claimed_at IS NULL")).isZero();
        JsonNode afterRetries = run(olderCopy, 0, "reconcile", "--date", TODAY.toString(), "--json");
        assertThat(afterRetries.path("totals").path("MATCHED").path("count").asInt()).isEqualTo(6);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long count(TestDatabase database, String query) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); var r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
