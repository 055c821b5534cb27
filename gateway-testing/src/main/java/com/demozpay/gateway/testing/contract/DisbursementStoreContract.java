package com.demozpay.gateway.testing.contract;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.DisbursementStore.InsertResult;
import com.demozpay.gateway.ports.out.DisbursementStore.Leased;
import com.demozpay.gateway.ports.out.DisbursementStore.OpenStatusSummary;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.TestDisbursements;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DisbursementStore} must do, written once: a store passes when a subclass that returns
 * it from {@link #emptyStore()} passes. The in-memory store and the PostgreSQL store both run it; so can
 * an embedder's own store. Times here have whole microseconds, the finest a SQL {@code timestamp} keeps.
 *
 * <p>A lease of {@link Duration#ZERO} has expired as soon as it is taken: that is how these tests see
 * what happens after a lease ends without waiting for one to, whatever clock the store times leases on.
 */
public abstract class DisbursementStoreContract {

    /** A time in the past with whole microseconds, so that what is stored reads back equal. */
    protected static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456Z");
    private static final Duration LONG_LEASE = Duration.ofMinutes(10);
    private static final TransitionCause API = TransitionCause.of(TransitionSource.API);

    private DisbursementStore store;

    /** A store holding no disbursement, called before each test. */
    protected abstract DisbursementStore emptyStore() throws Exception;

    @BeforeEach
    final void startEmpty() throws Exception {
        store = emptyStore();
    }

    // --- insert and find

    @Test
    void insertedDisbursementReadsBackEqualByIdAndByIdempotencyKey() {
        Disbursement disbursement = TestDisbursements.initiated(key(), T0);

        InsertResult result = store.insertIfAbsent(disbursement);

        assertThat(result).isEqualTo(new InsertResult.Inserted(disbursement));
        assertThat(store.findById(disbursement.id())).contains(disbursement);
        assertThat(store.findByIdempotencyKey(disbursement.request().idempotencyKey())).contains(disbursement);
    }

    @Test
    void secondInsertUnderTheSameKeyReturnsTheFirstAndStoresNothing() {
        String key = key();
        Disbursement first = insert(key);
        Disbursement second = TestDisbursements.initiated(key, T0.plusSeconds(1));

        InsertResult result = store.insertIfAbsent(second);

        assertThat(result).isEqualTo(new InsertResult.AlreadyExists(first));
        assertThat(store.findById(second.id())).isEmpty();
    }

    @Test
    void onlyAnInitiatedDisbursementIsInserted() {
        Disbursement initiated = TestDisbursements.initiated(key(), T0);
        Disbursement submitted = initiated.apply(move(INITIATED, SUBMITTED), T0);

        assertThatThrownBy(() -> store.insertIfAbsent(submitted)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.findById(submitted.id())).isEmpty();
    }

    @Test
    void findsNothingForAnUnknownIdOrKey() {
        assertThat(store.findById(new DisbursementId(UUID.randomUUID()))).isEmpty();
        assertThat(store.findByIdempotencyKey(new IdempotencyKey("never-used"))).isEmpty();
    }

    @Test
    void secondKeyForALiveProductReferenceIsRefusedWithTheHolderUntilTheHolderFails() {
        Disbursement holder = insert(key());
        Disbursement secondKey = sameProductReference(holder, key());

        InsertResult refused = store.insertIfAbsent(secondKey);
        store.transition(holder.id(), new Decision.Transition(INITIATED, FAILED, Optional.empty(),
                Optional.of(new Failure("INVALID_ACCOUNT", "no such account"))), API, T0.plusSeconds(1));
        InsertResult afterFailure = store.insertIfAbsent(secondKey);

        assertThat(refused).isEqualTo(new InsertResult.ProductReferenceTaken(holder));
        assertThat(afterFailure).isEqualTo(new InsertResult.Inserted(secondKey));
    }

    // --- transitions

    @Test
    void transitionFromTheCurrentStateIsAppliedWithEveryField() {
        Disbursement initiated = insert(key());
        Decision.Transition toSubmitted = new Decision.Transition(INITIATED, SUBMITTED,
                Optional.of(new PartnerReference("DSH-1")), Optional.empty());
        Failure failure = new Failure("INVALID_ACCOUNT", "no such account");
        Decision.Transition toFailed = new Decision.Transition(SUBMITTED, FAILED,
                Optional.of(new PartnerReference("DSH-1")), Optional.of(failure));

        TransitionResult submitted = store.transition(initiated.id(), toSubmitted, API, T0.plusSeconds(1));
        TransitionResult failed = store.transition(initiated.id(), toFailed, TransitionCause.callback("evt-1"),
                T0.plusSeconds(2));

        Disbursement expected = initiated.apply(toSubmitted, T0.plusSeconds(1)).apply(toFailed, T0.plusSeconds(2));
        assertThat(submitted).isEqualTo(new TransitionResult.Applied(initiated.apply(toSubmitted, T0.plusSeconds(1))));
        assertThat(failed).isEqualTo(new TransitionResult.Applied(expected));
        assertThat(store.findById(initiated.id())).contains(expected);
    }

    @Test
    void transitionFromAStateItIsNoLongerInIsLostAndReturnsTheCurrentState() {
        Disbursement initiated = insert(key());
        Disbursement accepted = applied(store.transition(initiated.id(), move(INITIATED, ACCEPTED), API, T0.plusSeconds(1)));

        TransitionResult late = store.transition(initiated.id(), move(INITIATED, SUBMITTED), API, T0.plusSeconds(2));

        assertThat(late).isEqualTo(new TransitionResult.Lost(accepted));
        assertThat(store.findById(initiated.id())).contains(accepted);
    }

    @Test
    void transitionOfAnUnknownDisbursementIsRefused() {
        assertThatThrownBy(() -> store.transition(new DisbursementId(UUID.randomUUID()), move(INITIATED, SUBMITTED),
                API, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- leases

    @Test
    void leaseStaleTakesTheOldestFirstUpToTheLimitAndNotAgainWhileTheLeasesHold() {
        Disbursement newest = submittedAt(T0.plusSeconds(3));
        Disbursement oldest = submittedAt(T0.plusSeconds(1));
        Disbursement middle = submittedAt(T0.plusSeconds(2));
        Instant changedBefore = T0.plusSeconds(60);

        List<Leased> first = store.leaseStale(SUBMITTED, changedBefore, 2, LONG_LEASE);
        List<Leased> second = store.leaseStale(SUBMITTED, changedBefore, 2, LONG_LEASE);
        List<Leased> third = store.leaseStale(SUBMITTED, changedBefore, 2, LONG_LEASE);

        assertThat(first).extracting(Leased::disbursement).containsExactly(oldest, middle);
        assertThat(first).allSatisfy(l -> assertThat(l.lease().disbursementId()).isEqualTo(l.disbursement().id()));
        assertThat(second).extracting(Leased::disbursement).containsExactly(newest);
        assertThat(third).isEmpty();
    }

    @Test
    void leaseStaleLeavesRecentlyChangedAndOtherStatusesAlone() {
        submittedAt(T0.plusSeconds(120));
        insert(key());
        acceptedAt(T0);

        assertThat(store.leaseStale(SUBMITTED, T0.plusSeconds(60), 10, LONG_LEASE)).isEmpty();
    }

    @Test
    void aFinalStatusIsNeverLeased() {
        for (DisbursementStatus status : List.of(SETTLED, FAILED)) {
            assertThatThrownBy(() -> store.leaseStale(status, T0, 10, LONG_LEASE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void leaseHoldsOneDisbursementInItsStatusAgainstEveryOtherLease() {
        Disbursement initiated = insert(key());

        Optional<Lease> first = store.lease(initiated.id(), INITIATED, LONG_LEASE);
        Optional<Lease> whileHeld = store.lease(initiated.id(), INITIATED, LONG_LEASE);
        List<Leased> staleWhileHeld = store.leaseStale(INITIATED, T0.plusSeconds(60), 10, LONG_LEASE);

        assertThat(first).hasValueSatisfying(lease -> assertThat(lease.disbursementId()).isEqualTo(initiated.id()));
        assertThat(whileHeld).isEmpty();
        assertThat(staleWhileHeld).isEmpty();
    }

    @Test
    void aDisbursementInAnotherStatusOrUnknownIsNotLeased() {
        Disbursement initiated = insert(key());

        assertThat(store.lease(initiated.id(), SUBMITTED, LONG_LEASE)).isEmpty();
        assertThat(store.lease(new DisbursementId(UUID.randomUUID()), INITIATED, LONG_LEASE)).isEmpty();
        assertThat(store.lease(initiated.id(), INITIATED, LONG_LEASE)).isPresent();
    }

    @Test
    void anExpiredLeaseIsTakenAgainUnderANewToken() {
        Disbursement initiated = insert(key());

        Lease expired = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow();
        Optional<Lease> next = store.lease(initiated.id(), INITIATED, LONG_LEASE);

        assertThat(next).hasValueSatisfying(lease -> assertThat(lease.token()).isNotEqualTo(expired.token()));
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        Disbursement initiated = insert(key());
        Lease lease = store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();

        store.release(lease);

        assertThat(store.lease(initiated.id(), INITIATED, LONG_LEASE)).isPresent();
    }

    @Test
    void releasingALeaseThatExpiredNeverFreesTheOneTakenAfterIt() {
        // given: a lease that expired, and another holder's lease taken after it
        Disbursement initiated = insert(key());
        Lease expired = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow();
        store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();

        // when: the first holder, late, releases its own lease
        store.release(expired);

        // then: the other holder still holds the disbursement
        assertThat(store.lease(initiated.id(), INITIATED, LONG_LEASE)).isEmpty();
        assertThat(store.leaseStale(INITIATED, T0.plusSeconds(60), 10, LONG_LEASE)).isEmpty();
    }

    @Test
    void aLeaseOutlivesATransition() {
        // The lease keeps others off while its holder records the bank's answer and after, until it ends.
        Disbursement initiated = insert(key());
        store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();

        applied(store.transition(initiated.id(), move(INITIATED, SUBMITTED), API, T0));

        assertThat(store.leaseStale(SUBMITTED, T0.plusSeconds(60), 10, LONG_LEASE)).isEmpty();
    }

    // --- writes fenced by a lease (issue 9.1)

    @Test
    void aDisbursementInsertedLeasedIsHeldFromItsFirstWriteAndItsLeaseFencesItsWrites() {
        Disbursement disbursement = TestDisbursements.initiated(key(), T0);

        InsertResult first = store.insertLeasedIfAbsent(disbursement, LONG_LEASE);
        InsertResult again = store.insertLeasedIfAbsent(disbursement, LONG_LEASE);

        assertThat(first).isInstanceOfSatisfying(InsertResult.Inserted.class, inserted -> {
            assertThat(inserted.disbursement()).isEqualTo(disbursement);
            assertThat(inserted.lease()).hasValueSatisfying(
                    lease -> assertThat(lease.disbursementId()).isEqualTo(disbursement.id()));
        });
        assertThat(again).isEqualTo(new InsertResult.AlreadyExists(disbursement));
        assertThat(store.lease(disbursement.id(), INITIATED, LONG_LEASE)).as("held by the insert").isEmpty();
        Lease lease = ((InsertResult.Inserted) first).lease().orElseThrow();
        assertThat(applied(store.transitionUnderLease(lease, move(INITIATED, SUBMITTED), API, T0)).status())
                .isEqualTo(SUBMITTED);
    }

    @Test
    void anInsertLeasedForNoTimeIsFreeAtOnceAndItsLeaseWritesNothing() {
        Disbursement disbursement = TestDisbursements.initiated(key(), T0);
        Lease expired = ((InsertResult.Inserted) store.insertLeasedIfAbsent(disbursement, Duration.ZERO))
                .lease().orElseThrow();

        Optional<Lease> next = store.lease(disbursement.id(), INITIATED, LONG_LEASE);

        assertThat(next).hasValueSatisfying(lease -> assertThat(lease.token()).isNotEqualTo(expired.token()));
        assertThat(store.transitionUnderLease(expired, failNotSubmitted(), API, T0))
                .isEqualTo(new TransitionResult.LeaseLost(disbursement));
    }

    @Test
    void aTransitionUnderTheHeldLeaseIsAppliedAndReleasesTheLeaseInTheSameWrite() {
        Disbursement initiated = insert(key());
        Lease lease = store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();

        Disbursement submitted = applied(store.transitionUnderLease(lease, move(INITIATED, SUBMITTED), API, T0));

        assertThat(submitted.status()).isEqualTo(SUBMITTED);
        assertThat(store.lease(initiated.id(), SUBMITTED, LONG_LEASE)).as("free at once, no release needed")
                .isPresent();
    }

    @Test
    void aTransitionUnderALeaseThatExpiredChangesNothingAndSaysTheLeaseIsLost() {
        Disbursement initiated = insert(key());
        Lease expired = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow();

        TransitionResult late = store.transitionUnderLease(expired, failNotSubmitted(), API, T0.plusSeconds(1));

        assertThat(late).isEqualTo(new TransitionResult.LeaseLost(initiated));
        assertThat(store.findById(initiated.id())).contains(initiated);
    }

    @Test
    void aStalledWriteUnderASupersededLeaseNeverOverwritesWhatTheNextHolderLeft() {
        // given: a holder whose lease expired, and another holder who leased the disbursement after it
        Disbursement initiated = insert(key());
        Lease stale = store.lease(initiated.id(), INITIATED, Duration.ZERO).orElseThrow();
        Lease next = store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();

        // when: the first holder's write finally arrives, before and after the next holder's
        TransitionResult beforeNext = store.transitionUnderLease(stale, failNotSubmitted(), API, T0.plusSeconds(1));
        Disbursement submitted = applied(store.transitionUnderLease(next, move(INITIATED, SUBMITTED), API,
                T0.plusSeconds(2)));
        TransitionResult afterNext = store.transitionUnderLease(stale, move(SUBMITTED, ACCEPTED), API,
                T0.plusSeconds(3));

        // then: neither wrote anything
        assertThat(beforeNext).isEqualTo(new TransitionResult.LeaseLost(initiated));
        assertThat(afterNext).isEqualTo(new TransitionResult.LeaseLost(submitted));
        assertThat(store.findById(initiated.id())).contains(submitted);
    }

    @Test
    void aTransitionUnderAReleasedLeaseChangesNothing() {
        Disbursement initiated = insert(key());
        Lease lease = store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();
        store.release(lease);

        assertThat(store.transitionUnderLease(lease, failNotSubmitted(), API, T0))
                .isEqualTo(new TransitionResult.LeaseLost(initiated));
    }

    @Test
    void underAHeldLeaseADisbursementAnotherWriterMovedIsLostAndTheLeaseStaysHeld() {
        // given: a callback (which takes no lease) moves it while the holder is calling the bank
        Disbursement initiated = insert(key());
        Lease lease = store.lease(initiated.id(), INITIATED, LONG_LEASE).orElseThrow();
        Disbursement accepted = applied(store.transition(initiated.id(), move(INITIATED, ACCEPTED), API, T0));

        // when
        TransitionResult result = store.transitionUnderLease(lease, move(INITIATED, SUBMITTED), API, T0);

        // then: the holder re-decides on what it lost to, still under its lease
        assertThat(result).isEqualTo(new TransitionResult.Lost(accepted));
        assertThat(store.leaseStale(ACCEPTED, T0.plusSeconds(60), 10, LONG_LEASE)).isEmpty();
        assertThat(applied(store.transitionUnderLease(lease, move(ACCEPTED, SETTLED), API, T0)).status())
                .isEqualTo(SETTLED);
    }

    // --- resubmits

    @Test
    void resubmitsAreCountedPerDisbursementAndAnUnknownOneIsRefused() {
        Disbursement resent = insert(key());
        Disbursement other = insert(key());

        store.countResubmit(resent.id());

        assertThat(store.countResubmit(resent.id())).isEqualTo(2);
        assertThat(store.countResubmit(other.id())).isEqualTo(1);
        assertThatThrownBy(() -> store.countResubmit(new DisbursementId(UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- summary

    @Test
    void summarizeOpenCountsNonFinalDisbursementsByStatusWithTheOldestCreation() {
        Disbursement oldestInitiated = store.insertIfAbsent(TestDisbursements.initiated(key(), T0)).disbursement();
        store.insertIfAbsent(TestDisbursements.initiated(key(), T0.plusSeconds(5)));
        submittedAt(T0.plusSeconds(1));
        Disbursement settled = insert(key());
        store.transition(settled.id(), move(INITIATED, SETTLED), API, T0.plusSeconds(9));

        assertThat(store.summarizeOpen()).containsExactly(
                new OpenStatusSummary(INITIATED, 2, oldestInitiated.createdAt()),
                new OpenStatusSummary(SUBMITTED, 1, T0));
    }

    @Test
    void summarizeOpenOfAnEmptyStoreIsEmpty() {
        assertThat(store.summarizeOpen()).isEmpty();
    }

    private static String key() {
        return "contract-" + UUID.randomUUID();
    }

    /** A new INITIATED disbursement under {@code key} for the product reference {@code holder} has. */
    private static Disbursement sameProductReference(Disbursement holder, String key) {
        DisbursementRequest r = TestDisbursements.initiated(key, T0).request();
        return Disbursement.initiate(new DisbursementId(UUID.randomUUID()), new DisbursementRequest(r.idempotencyKey(),
                r.product(), holder.request().productReference(), r.amount(), r.beneficiary(), r.narrative()), T0);
    }

    private Disbursement insert(String key) {
        return store.insertIfAbsent(TestDisbursements.initiated(key, T0)).disbursement();
    }

    /** A SUBMITTED disbursement created at T0 whose last change was at {@code at}. */
    private Disbursement submittedAt(Instant at) {
        return applied(store.transition(insert(key()).id(), move(INITIATED, SUBMITTED), API, at));
    }

    private Disbursement acceptedAt(Instant at) {
        return applied(store.transition(insert(key()).id(), move(INITIATED, ACCEPTED), API, at));
    }

    private static Decision.Transition failNotSubmitted() {
        return new Decision.Transition(INITIATED, FAILED, Optional.empty(),
                Optional.of(new Failure(Failure.NOT_SUBMITTED, "the bank has no record of it")));
    }

    private static Decision.Transition move(DisbursementStatus from, DisbursementStatus to) {
        return new Decision.Transition(from, to, Optional.empty(), Optional.empty());
    }

    private static Disbursement applied(TransitionResult result) {
        assertThat(result).isInstanceOf(TransitionResult.Applied.class);
        return ((TransitionResult.Applied) result).after();
    }
}
