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
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDisbursementStoreTest {

    private static final TransitionCause API = TransitionCause.of(TransitionSource.API);
    private static final AtomicInteger KEYS = new AtomicInteger();

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(4);
    private DisbursementStore store;


    @BeforeEach
    void emptyTables() throws SQLException {
        Fixtures.emptyTables(database());
        store = new PostgresDisbursementStore(DATABASE.pool().dataSource());
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

        assertThat(Fixtures.log(database(), disbursement.id())).containsExactly(
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
        assertThat(Fixtures.count(database(), "SELECT count(*) FROM disbursement_transitions")).isEqualTo(1);
    }

    @Test
    void theSchemaItselfRefusesASecondLiveRowForAProductReference() {
        Disbursement holder = insert();

        assertThatThrownBy(() -> Fixtures.execute(database(), "INSERT INTO disbursements SELECT '"
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
        assertThat(Fixtures.log(database(), disbursement.id())).last().isEqualTo(new Fixtures.LogRow(
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
        assertThat(Fixtures.log(database(), disbursement.id())).extracting(Fixtures.LogRow::to)
                .containsExactly("INITIATED", "SETTLED");
    }

    @Test
    void aLeaseIsTimedOnTheDatabaseClockNotTheCallers() throws SQLException {
        // given: a disbursement last changed long ago by the replica's clock (T0 is in the past)
        Disbursement initiated = insert();

        // when
        store.lease(initiated.id(), INITIATED, Duration.ofMinutes(10)).orElseThrow();

        // then: it ends ten minutes from the database's now, whatever the caller's clock says
        assertThat(Fixtures.count(database(), "SELECT count(*) FROM disbursements WHERE id = '" + initiated.id()
                + "' AND claimed_until BETWEEN now() + interval '9 minutes' AND now() + interval '10 minutes'"))
                .isEqualTo(1);
    }

    @Test
    void eachLeaseOnARowTakesTheNextToken() {
        Disbursement initiated = insert();

        long first = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow().token();
        long second = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow().token();

        assertThat(second).isEqualTo(first + 1);
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

        assertThatThrownBy(() -> Fixtures.execute(database(),
                "UPDATE disbursement_transitions SET source = 'poll' WHERE disbursement_id = '" + disbursement.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> Fixtures.execute(database(), "DELETE FROM disbursement_transitions"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
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

    private static TestDatabase database() {
        return DATABASE.database();
    }
}
