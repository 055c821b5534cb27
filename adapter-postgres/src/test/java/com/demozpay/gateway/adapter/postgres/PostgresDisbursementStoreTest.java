package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.DisbursementStore.InsertResult;
import com.demozpay.gateway.ports.out.DisbursementStore.OpenStatusSummary;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresDisbursementStoreTest {

    private static final TransitionCause API = TransitionCause.of(TransitionSource.API);
    private static final AtomicInteger KEYS = new AtomicInteger();

    private static TestDatabase database;
    private static PostgresPool pool;
    private DisbursementStore store;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
        pool = database.openPool(4);
    }

    @AfterAll
    static void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        // The log is append-only (its trigger refuses DELETE); TRUNCATE is the test's way round it.
        Fixtures.execute(database, "TRUNCATE callback_inbox, disbursement_transitions, disbursements");
        store = new PostgresDisbursementStore(pool.jdbi());
    }

    private static String key() {
        return "key-" + KEYS.incrementAndGet();
    }

    @Test
    void insertedDisbursementReadsBackEqualByIdAndByKeyWithMicrosecondTimes() {
        Disbursement disbursement = Fixtures.initiated(key(), Fixtures.T0);

        InsertResult result = store.insertIfAbsent(disbursement);

        Instant micros = Fixtures.T0.truncatedTo(ChronoUnit.MICROS);
        Disbursement expected = new Disbursement(disbursement.id(), disbursement.request(), INITIATED,
                Optional.empty(), Optional.empty(), micros, micros);
        assertThat(result).isEqualTo(new InsertResult.Inserted(expected));
        assertThat(store.findById(disbursement.id())).contains(expected);
        assertThat(store.findByIdempotencyKey(disbursement.request().idempotencyKey())).contains(expected);
    }

    @Test
    void everyFieldRoundTripsThroughTransitionsToFailed() {
        DisbursementRequest loan = new DisbursementRequest(new IdempotencyKey("loan:42.a_b-c"), Product.LOAN,
                "loan-42", new Money(1, "ETB"), new Beneficiary("0123456789012345", "Tigist Haile Ñandú 例"),
                Optional.empty());
        Disbursement initiated = Disbursement.initiate(new DisbursementId(UUID.randomUUID()), loan, Fixtures.T0);
        store.insertIfAbsent(initiated);
        Instant submittedAt = Fixtures.T0.plusSeconds(1);
        Instant failedAt = Fixtures.T0.plusSeconds(2);

        Disbursement submitted = applied(store.transition(initiated.id(),
                Fixtures.moveWithReference(INITIATED, SUBMITTED, "DSH-778899"), API, submittedAt));
        Disbursement failed = applied(store.transition(initiated.id(),
                Fixtures.fail(SUBMITTED, "INVALID_ACCOUNT", "account 0123… does not exist"), API, failedAt));

        assertThat(submitted.partnerReference()).map(Object::toString).contains("DSH-778899");
        assertThat(failed).isEqualTo(submitted.apply(Fixtures.fail(SUBMITTED, "INVALID_ACCOUNT",
                "account 0123… does not exist"), failedAt.truncatedTo(ChronoUnit.MICROS)));
        assertThat(failed.request()).isEqualTo(loan);
        assertThat(failed.createdAt()).isEqualTo(Fixtures.T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(store.findById(initiated.id())).contains(failed);
    }

    @Test
    void insertWritesTheCreationRowToTheLog() throws SQLException {
        Disbursement disbursement = Fixtures.initiated(key(), Fixtures.T0);

        store.insertIfAbsent(disbursement);

        assertThat(Fixtures.log(database, disbursement.id())).containsExactly(
                new Fixtures.LogRow(null, "INITIATED", "api", null, Fixtures.T0.truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void secondInsertWithTheSameKeyReturnsTheFirstAndWritesNothing() throws SQLException {
        String key = key();
        Disbursement first = Fixtures.initiated(key, Fixtures.T0);
        Disbursement second = Fixtures.initiated(key, Fixtures.T0.plusSeconds(5));
        store.insertIfAbsent(first);

        InsertResult result = store.insertIfAbsent(second);

        assertThat(result).isInstanceOf(InsertResult.AlreadyExists.class);
        assertThat(result.disbursement().id()).isEqualTo(first.id());
        assertThat(store.findById(second.id())).isEmpty();
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursement_transitions")).isEqualTo(1);
    }

    @Test
    void secondKeyForALiveProductReferenceIsRefusedWithTheHolderAndAFailedOneFreesIt() throws SQLException {
        // given
        Disbursement holder = insert();
        Disbursement secondKey = sameProductReference(holder, key());

        // when
        InsertResult refused = store.insertIfAbsent(secondKey);
        store.transition(holder.id(), Fixtures.fail(INITIATED, "INVALID_ACCOUNT", "no such account"), API, Fixtures.T0);
        InsertResult afterFailure = store.insertIfAbsent(secondKey);

        // then
        assertThat(refused).isEqualTo(new InsertResult.ProductReferenceTaken(holder));
        assertThat(afterFailure).isInstanceOf(InsertResult.Inserted.class);
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursements")).isEqualTo(2);
    }

    @Test
    void theSchemaItselfRefusesASecondLiveRowForAProductReference() {
        Disbursement holder = insert();

        assertThatThrownBy(() -> Fixtures.execute(database, "INSERT INTO disbursements SELECT '"
                + UUID.randomUUID() + "', 'another-key', product, product_reference, amount_minor, currency,"
                + " account_number, account_name, narrative, 'SUBMITTED', NULL, NULL, NULL, created_at, updated_at"
                + " FROM disbursements WHERE id = '" + holder.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("disbursements_live_product_reference_key");
    }

    @Test
    void transitionAppliesAndLogsItsSourceAndPartnerEventId() throws SQLException {
        Disbursement disbursement = insert();
        Instant at = Fixtures.T0.plusSeconds(10);

        Disbursement after = applied(store.transition(disbursement.id(),
                Fixtures.moveWithReference(INITIATED, ACCEPTED, "DSH-1"), TransitionCause.callback("evt-1"), at));

        assertThat(after.status()).isEqualTo(ACCEPTED);
        assertThat(after.updatedAt()).isEqualTo(at.truncatedTo(ChronoUnit.MICROS));
        assertThat(Fixtures.log(database, disbursement.id())).last().isEqualTo(new Fixtures.LogRow(
                "INITIATED", "ACCEPTED", "webhook", "evt-1", at.truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void transitionFromAStateItIsNoLongerInIsLostAndReturnsTheCurrentState() throws SQLException {
        Disbursement disbursement = insert();
        Disbursement settled = applied(store.transition(disbursement.id(), Fixtures.move(INITIATED, SETTLED),
                TransitionCause.of(TransitionSource.POLL), Fixtures.T0.plusSeconds(1)));

        TransitionResult late = store.transition(disbursement.id(), Fixtures.move(INITIATED, SUBMITTED), API,
                Fixtures.T0.plusSeconds(2));

        assertThat(late).isEqualTo(new TransitionResult.Lost(settled));
        assertThat(Fixtures.log(database, disbursement.id())).extracting(Fixtures.LogRow::to)
                .containsExactly("INITIATED", "SETTLED");
    }

    @Test
    void transitionOfAnUnknownDisbursementIsRefused() {
        DisbursementId unknown = new DisbursementId(UUID.randomUUID());

        assertThatThrownBy(() -> store.transition(unknown, Fixtures.move(INITIATED, SUBMITTED), API, Fixtures.T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.toString());
    }

    @Test
    void findsNothingForAnUnknownIdOrKey() {
        assertThat(store.findById(new DisbursementId(UUID.randomUUID()))).isEmpty();
        assertThat(store.findByIdempotencyKey(new IdempotencyKey("never-used"))).isEmpty();
    }

    @Test
    void claimStaleTakesTheOldestFirstUpToTheLimitAndHoldsThemUntilTheClaimEnds() {
        Instant now = Fixtures.T0.plus(Duration.ofHours(1));
        List<Disbursement> stale = List.of(submittedAt(Fixtures.T0.plusSeconds(3)),
                submittedAt(Fixtures.T0.plusSeconds(1)), submittedAt(Fixtures.T0.plusSeconds(2)));
        Instant claimUntil = now.plusSeconds(60);

        List<Disbursement> first = store.claimStale(SUBMITTED, now.minusSeconds(60), 2, now, claimUntil);
        List<Disbursement> second = store.claimStale(SUBMITTED, now.minusSeconds(60), 2, now.plusSeconds(1),
                claimUntil);
        List<Disbursement> afterClaimsEnd = store.claimStale(SUBMITTED, now.minusSeconds(60), 5, claimUntil,
                claimUntil.plusSeconds(60));

        assertThat(first).extracting(Disbursement::id).containsExactly(stale.get(1).id(), stale.get(2).id());
        assertThat(second).extracting(Disbursement::id).containsExactly(stale.get(0).id());
        assertThat(afterClaimsEnd).extracting(Disbursement::id)
                .containsExactly(stale.get(1).id(), stale.get(2).id(), stale.get(0).id());
    }

    @Test
    void claimHoldsOneDisbursementInItsStatusUntilTheClaimEnds() {
        Disbursement initiated = insert();
        Instant now = Fixtures.T0.plusSeconds(10);
        Instant claimUntil = now.plusSeconds(20);

        boolean first = store.claim(initiated.id(), INITIATED, now, claimUntil);
        boolean beforeExpiry = store.claim(initiated.id(), INITIATED, claimUntil.minusMillis(1), claimUntil.plusSeconds(20));
        boolean wrongStatus = store.claim(initiated.id(), SUBMITTED, claimUntil, claimUntil.plusSeconds(20));
        boolean afterExpiry = store.claim(initiated.id(), INITIATED, claimUntil, claimUntil.plusSeconds(20));

        assertThat(first).isTrue();
        assertThat(beforeExpiry).isFalse();
        assertThat(wrongStatus).isFalse();
        assertThat(afterExpiry).isTrue();
        assertThat(store.claimStale(INITIATED, claimUntil.plusSeconds(60), 10, claimUntil.plusSeconds(19),
                claimUntil.plusSeconds(60))).extracting(Disbursement::id).doesNotContain(initiated.id());
        assertThat(store.claim(new DisbursementId(UUID.randomUUID()), INITIATED, now, claimUntil)).isFalse();
    }

    @Test
    void releasedClaimCanBeTakenAgainAtOnceButAnotherClaimIsNotReleased() {
        Disbursement initiated = insert();
        Instant now = Fixtures.T0.plusSeconds(10);
        store.claim(initiated.id(), INITIATED, now, now.plusSeconds(20));

        store.release(initiated.id(), now.plusSeconds(99));
        boolean whileHeld = store.claim(initiated.id(), INITIATED, now, now.plusSeconds(30));
        store.release(initiated.id(), now.plusSeconds(20));
        boolean afterRelease = store.claim(initiated.id(), INITIATED, now, now.plusSeconds(30));

        assertThat(whileHeld).isFalse();
        assertThat(afterRelease).isTrue();
    }

    @Test
    void claimStaleLeavesRecentlyChangedAndOtherStatusesAlone() {
        Instant now = Fixtures.T0.plus(Duration.ofHours(1));
        submittedAt(now.minusSeconds(10));
        insert();

        List<Disbursement> claimed = store.claimStale(SUBMITTED, now.minusSeconds(60), 10, now, now.plusSeconds(60));

        assertThat(claimed).isEmpty();
        assertThatThrownBy(() -> store.claimStale(SETTLED, now, 10, now, now.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summarizeOpenCountsNonFinalDisbursementsByStatusWithTheOldestCreation() {
        Disbursement oldestInitiated = store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement();
        store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0.plusSeconds(5)));
        submittedAt(Fixtures.T0.plusSeconds(1));
        Disbursement settled = insert();
        store.transition(settled.id(), Fixtures.move(INITIATED, SETTLED), API, Fixtures.T0.plusSeconds(9));

        List<OpenStatusSummary> summary = store.summarizeOpen();

        assertThat(summary).containsExactly(
                new OpenStatusSummary(INITIATED, 2, oldestInitiated.createdAt()),
                new OpenStatusSummary(SUBMITTED, 1, Fixtures.T0.truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void theSchemaRefusesAZeroAmountAndThatIsNotReportedAsUnavailable() {
        DisbursementRequest zero = new DisbursementRequest(new IdempotencyKey(key()), Product.EWA, "ewa-0",
                Money.etb(0), new Beneficiary("1000123456789", "Abebe Kebede"), Optional.empty());

        assertThatThrownBy(() -> store.insertIfAbsent(
                Disbursement.initiate(new DisbursementId(UUID.randomUUID()), zero, Fixtures.T0)))
                .isInstanceOf(JdbiException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("disbursements_amount_minor_check");
    }

    @Test
    void theTransitionLogRefusesToBeRewritten() {
        Disbursement disbursement = insert();

        assertThatThrownBy(() -> Fixtures.execute(database,
                "UPDATE disbursement_transitions SET source = 'poll' WHERE disbursement_id = '" + disbursement.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> Fixtures.execute(database, "DELETE FROM disbursement_transitions"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    @Test
    void resubmitsAreCountedPerDisbursementAndSurviveANewStore() {
        Disbursement resent = insert();
        Disbursement other = insert();

        store.countResubmit(resent.id());
        int second = new PostgresDisbursementStore(pool.jdbi()).countResubmit(resent.id());

        assertThat(second).isEqualTo(2);
        assertThat(store.countResubmit(other.id())).isEqualTo(1);
        assertThatThrownBy(() -> store.countResubmit(new DisbursementId(UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Disbursement sameProductReference(Disbursement holder, String key) {
        DisbursementRequest r = Fixtures.request(key);
        return Disbursement.initiate(new DisbursementId(UUID.randomUUID()), new DisbursementRequest(r.idempotencyKey(),
                r.product(), holder.request().productReference(), r.amount(), r.beneficiary(), r.narrative()),
                Fixtures.T0);
    }

    private Disbursement insert() {
        return store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement();
    }

    /** A SUBMITTED disbursement created at T0 whose last change was at {@code at}. */
    private Disbursement submittedAt(Instant at) {
        return applied(store.transition(insert().id(), Fixtures.move(INITIATED, SUBMITTED), API, at));
    }

    private static Disbursement applied(TransitionResult result) {
        assertThat(result).isInstanceOf(TransitionResult.Applied.class);
        return ((TransitionResult.Applied) result).after();
    }
}
