package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.domain.reconciliation.StatementReconciliation;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our side of a reconciliation, runs and the daily claim, in PostgreSQL. */
class PostgresReconciliationStoreTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(2);
    private static final LocalDate DAY = LocalDate.ofInstant(Fixtures.T0, ZoneOffset.UTC);

    private PostgresReconciliationStore store;
    private PostgresDisbursementStore disbursements;

    @BeforeEach
    void emptyTables() throws SQLException {
        Fixtures.execute(DATABASE.database(), "TRUNCATE reconciliation_items, reconciliation_runs, "
                + "scheduled_reconciliations, recovered_transfers, callback_inbox, disbursement_transitions, "
                + "disbursements CASCADE");
        store = new PostgresReconciliationStore(DATABASE.pool().dataSource());
        disbursements = new PostgresDisbursementStore(DATABASE.pool().dataSource());
    }

    private Disbursement insert(Instant at) {
        return disbursements.insertIfAbsent(Fixtures.initiated("rec-" + UUID.randomUUID(), at)).disbursement();
    }

    @Test
    void heldOnADayIsWhatWasCreatedThatUtcDayAndTheRecoveredTransfersValuedThatDay() {
        Disbursement thatDay = insert(Fixtures.T0);
        insert(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        RecoveredTransfer recovered = recovered(DAY);
        new PostgresRecoveryStore(DATABASE.pool().dataSource()).recordMissing(List.of(recovered));

        List<HeldTransfer> held = store.heldOn(DAY);

        assertThat(held).containsExactlyInAnyOrder(
                new HeldTransfer(thatDay.id(), Money.etb(150_000), DisbursementStatus.INITIATED, false),
                new HeldTransfer(recovered.id(), Money.etb(700), DisbursementStatus.SETTLED, true));
    }

    @Test
    void aDisbursementClaimedFromARecoveredTransferIsHeldOnTheTransfersValueDateNotOnTheDayOfTheRetry() {
        RecoveredTransfer recovered = new RecoveredTransfer(new DisbursementId(UUID.randomUUID()),
                new PartnerReference("T-" + UUID.randomUUID()), Money.etb(150_000), DisbursementStatus.SETTLED,
                Optional.empty(), DAY, Fixtures.T0);
        new PostgresRecoveryStore(DATABASE.pool().dataSource()).recordMissing(List.of(recovered));
        Instant nextDay = Fixtures.T0.plus(Duration.ofDays(1));

        Disbursement claimed = disbursements.insertIfAbsent(Disbursement.initiate(recovered.id(),
                Fixtures.request("rec-" + UUID.randomUUID()), nextDay)).disbursement();

        assertThat(claimed.status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(store.heldOn(DAY)).containsExactly(
                new HeldTransfer(recovered.id(), Money.etb(150_000), DisbursementStatus.SETTLED, false));
        assertThat(store.heldOn(DAY.plusDays(1))).isEmpty();
    }

    @Test
    void heldAmongFindsOurIdsWhateverTheDayAndIgnoresReferencesThatAreNotIds() {
        Disbursement earlier = insert(Fixtures.T0.minus(Duration.ofDays(3)));

        List<HeldTransfer> held = store.heldAmong(List.of(earlier.id().toString(), "NOT-OURS", UUID.randomUUID().toString()));

        assertThat(held).extracting(HeldTransfer::id).containsExactly(earlier.id());
    }

    @Test
    void unmatchedCallbacksOfTheDayAreThoseForReferencesWeStillDoNotHold() {
        PostgresCallbackInbox inbox = new PostgresCallbackInbox(DATABASE.pool().dataSource());
        Disbursement since = insert(Fixtures.T0);
        for (String reference : List.of("ghost", since.id().toString())) {
            String eventId = "evt-" + reference;
            // At the time, neither reference was one of ours: both were kept unmatched.
            inbox.process(new VerifiedCallback(eventId, reference, PartnerEvent.reported(DisbursementStatus.SETTLED,
                    new PartnerReference("T-" + reference), Money.etb(1)), Fixtures.T0), new byte[] {'{', '}'}, Fixtures.T0,
                    Optional.empty(), d -> {
                        throw new AssertionError("unmatched");
                    });
        }

        assertThat(store.unmatchedCallbacksOn(DAY)).extracting(c -> c.reference()).containsExactly("ghost");
        assertThat(store.unmatchedCallbacksOn(DAY.plusDays(1))).isEmpty();
    }

    @Test
    void aRunIsStoredWithEveryItemAndItsCountsAreTheLatest() throws SQLException {
        Disbursement settledHere = insert(Fixtures.T0);
        Statement statement = new Statement(DAY, List.of(new StatementLine("ELSEWHERE", new PartnerReference("T1"),
                Money.etb(500), DisbursementStatus.SETTLED, Optional.empty(), DAY)));
        Reconciliation result = StatementReconciliation.reconcile(statement,
                List.of(new HeldTransfer(settledHere.id(), Money.etb(150_000), DisbursementStatus.SETTLED, false)),
                List.of());

        long runId = store.save(result, "file", Fixtures.T0, Fixtures.T0.plusSeconds(1));

        assertThat(Fixtures.count(DATABASE.database(), "SELECT count(*) FROM reconciliation_items WHERE run_id = " + runId))
                .isEqualTo(2);
        assertThat(Fixtures.count(DATABASE.database(), "SELECT discrepancies FROM reconciliation_runs WHERE id = " + runId))
                .isEqualTo(2);
        assertThat(store.latestCounts()).containsEntry(ReconciliationClass.UNKNOWN_TO_US, 1)
                .containsEntry(ReconciliationClass.MISSING_AT_BANK, 1).containsEntry(ReconciliationClass.MATCHED, 0)
                .hasSize(ReconciliationClass.values().length);
    }

    @Test
    void noRunMeansNoCounts() {
        assertThat(store.latestCounts()).isEmpty();
    }

    @Test
    void oneReplicaClaimsADayUntilItsClaimGoesStaleAndAFinishedDayIsNeverClaimedAgain() {
        Duration retryAfter = Duration.ofMinutes(30);

        assertThat(store.claimScheduledRun(DAY, Fixtures.T0, retryAfter)).isTrue();
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0.plusSeconds(1), retryAfter)).isFalse();
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0.plus(Duration.ofMinutes(31)), retryAfter)).isTrue();

        long runId = store.save(new Reconciliation(DAY, List.of()), "schedule", Fixtures.T0, Fixtures.T0);
        store.finishScheduledRun(DAY, runId);
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0.plus(Duration.ofHours(5)), retryAfter)).isFalse();
        assertThat(store.claimScheduledRun(DAY.plusDays(1), Fixtures.T0, retryAfter)).isTrue();
    }

    @Test
    void aReleasedClaimCanBeTakenAgainAtOnceButOnlyItsHolderReleasesIt() {
        Duration retryAfter = Duration.ofMinutes(30);
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0, retryAfter)).isTrue();

        store.releaseScheduledRun(DAY, Fixtures.T0.plusSeconds(1));
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0.plusSeconds(2), retryAfter)).as("not its holder").isFalse();
        store.releaseScheduledRun(DAY, Fixtures.T0);
        assertThat(store.claimScheduledRun(DAY, Fixtures.T0.plusSeconds(3), retryAfter)).isTrue();
    }

    @Test
    void recordingRecoveredTransfersSkipsThoseWeHoldAndIsANoOpTheSecondTime() {
        PostgresRecoveryStore recovery = new PostgresRecoveryStore(DATABASE.pool().dataSource());
        Disbursement held = insert(Fixtures.T0);
        RecoveredTransfer lost = recovered(DAY);
        RecoveredTransfer alreadyHeld = new RecoveredTransfer(held.id(), new PartnerReference("T-held"), Money.etb(150_000),
                DisbursementStatus.SETTLED, Optional.empty(), DAY, Fixtures.T0);

        assertThat(recovery.recordMissing(List.of(lost, alreadyHeld))).containsExactly(lost);
        assertThat(recovery.recordMissing(List.of(lost, alreadyHeld))).isEmpty();
    }

    private static RecoveredTransfer recovered(LocalDate day) {
        return new RecoveredTransfer(new DisbursementId(UUID.randomUUID()),
                new PartnerReference("T-" + UUID.randomUUID()), Money.etb(700), DisbursementStatus.SETTLED,
                Optional.empty(), day, Instant.parse("2026-03-03T00:00:00Z"));
    }
}
