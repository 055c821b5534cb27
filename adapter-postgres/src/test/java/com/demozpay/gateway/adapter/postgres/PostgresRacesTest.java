package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.DisbursementStore.InsertResult;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The races of several writers on one database, 50 threads over 200 disbursements (or keys, or
 * events) each, all threads visiting them in the same order so that they collide.
 */
class PostgresRacesTest {

    private static final int THREADS = 50;
    private static final int ITEMS = 200;

    private static TestDatabase database;
    private static PostgresPool pool;
    private static DisbursementStore store;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
        pool = database.openPool(10);
        store = new PostgresDisbursementStore(pool.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    record Attempt(int thread, DisbursementId id, Decision.Transition transition, TransitionResult result) {
    }

    @Test
    void racingTransitionsApplyExactlyOnceWithOneLogRowAndTheLosersSeeTheWinner() throws Exception {
        List<Disbursement> disbursements = insertMany("transition-race", ITEMS);
        Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            TransitionCause cause = TransitionCause.callback("evt-" + thread);
            for (Disbursement disbursement : disbursements) {
                // Four different moves, so that which writer won shows in the state.
                Decision.Transition transition = List.of(Fixtures.move(INITIATED, SUBMITTED),
                        Fixtures.moveWithReference(INITIATED, ACCEPTED, "DSH-" + disbursement.id()),
                        Fixtures.move(INITIATED, SETTLED),
                        Fixtures.fail(INITIATED, "LIMIT_EXCEEDED", "over the daily limit")).get(thread % 4);
                TransitionResult result = store.transition(disbursement.id(), transition, cause, Fixtures.T0.plusSeconds(1));
                attempts.add(new Attempt(thread, disbursement.id(), transition, result));
            }
        });

        Map<DisbursementId, List<Attempt>> byDisbursement = attempts.stream()
                .collect(Collectors.groupingBy(Attempt::id));
        Map<DisbursementId, List<Fixtures.LogRow>> logs = Fixtures.logs(database);
        assertThat(byDisbursement).hasSize(ITEMS);
        for (Disbursement disbursement : disbursements) {
            List<Attempt> tries = byDisbursement.get(disbursement.id());
            List<Attempt> wins = tries.stream().filter(a -> a.result() instanceof TransitionResult.Applied).toList();
            assertThat(tries).hasSize(THREADS);
            assertThat(wins).as("transitions applied to %s", disbursement.id()).hasSize(1);
            Attempt win = wins.get(0);
            Disbursement winnerState = ((TransitionResult.Applied) win.result()).after();
            assertThat(tries).filteredOn(a -> a != win).extracting(Attempt::result)
                    .containsOnly(new TransitionResult.Lost(winnerState));
            assertThat(logs.get(disbursement.id())).as("log of %s", disbursement.id()).containsExactly(
                    new Fixtures.LogRow(null, "INITIATED", "api", null, disbursement.createdAt()),
                    new Fixtures.LogRow("INITIATED", win.transition().to().name(), "webhook", "evt-" + win.thread(),
                            winnerState.updatedAt()));
        }
    }

    @Test
    void racingLeasesOnOneDisbursementAreWonExactlyOnce() throws Exception {
        List<Disbursement> disbursements = insertMany("lease-one-race", ITEMS);
        Queue<DisbursementId> won = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            for (Disbursement disbursement : disbursements) {
                if (store.lease(disbursement.id(), INITIATED, Duration.ofSeconds(30)).isPresent()) {
                    won.add(disbursement.id());
                }
            }
        });

        assertThat(won).hasSize(ITEMS)
                .containsExactlyInAnyOrderElementsOf(disbursements.stream().map(Disbursement::id).toList());
    }

    @Test
    void racingInsertsWithOneKeyStoreOneRowAndEveryCallerGetsIt() throws Exception {
        List<String> keys = IntStream.range(0, ITEMS).mapToObj(i -> "insert-race-" + i).toList();
        Queue<InsertResult> results = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            for (String key : keys) {
                results.add(store.insertIfAbsent(Fixtures.initiated(key, Fixtures.T0.plusMillis(thread))));
            }
        });

        Map<String, List<InsertResult>> byKey = results.stream()
                .collect(Collectors.groupingBy(r -> r.disbursement().request().idempotencyKey().value()));
        assertThat(byKey).hasSize(ITEMS);
        for (String key : keys) {
            List<InsertResult> forKey = byKey.get(key);
            List<InsertResult> inserted = forKey.stream().filter(r -> r instanceof InsertResult.Inserted).toList();
            assertThat(forKey).hasSize(THREADS);
            assertThat(inserted).as("rows inserted for %s", key).hasSize(1);
            assertThat(forKey).extracting(InsertResult::disbursement).containsOnly(inserted.get(0).disbursement());
        }
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursements WHERE idempotency_key LIKE 'insert-race-%'"))
                .isEqualTo(ITEMS);
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursement_transitions t JOIN disbursements d"
                + " ON d.id = t.disbursement_id WHERE d.idempotency_key LIKE 'insert-race-%'")).isEqualTo(ITEMS);
    }

    @Test
    void racingRetriesOfARecoveredTransferClaimItOnceAndEveryCallerGetsTheBanksState() throws Exception {
        List<RecoveredTransfer> lost = IntStream.range(0, ITEMS).mapToObj(i -> new RecoveredTransfer(
                new DisbursementId(UUID.randomUUID()), new PartnerReference("T-recovery-race-" + i), Money.etb(150_000),
                SETTLED, Optional.empty(), LocalDate.of(2026, 3, 1), Fixtures.T0)).toList();
        new PostgresRecoveryStore(pool.dataSource()).recordMissing(lost);
        Queue<InsertResult> results = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            for (int i = 0; i < ITEMS; i++) {
                results.add(store.insertLeasedIfAbsent(Disbursement.initiate(lost.get(i).id(),
                        Fixtures.request("recovery-race-" + i), Fixtures.T0.plusMillis(thread)), Duration.ofSeconds(30)));
            }
        });

        // The claiming retry is told it already exists too: it must not send it again.
        assertThat(results).hasSize(THREADS * ITEMS).allSatisfy(result -> {
            assertThat(result).isInstanceOf(InsertResult.AlreadyExists.class);
            assertThat(result.disbursement().status()).isEqualTo(SETTLED);
        });
        assertThat(Fixtures.count(database,
                "SELECT count(*) FROM disbursements WHERE idempotency_key LIKE 'recovery-race-%'")).isEqualTo(ITEMS);
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursement_transitions t JOIN disbursements d"
                + " ON d.id = t.disbursement_id WHERE d.idempotency_key LIKE 'recovery-race-%'")).isEqualTo(ITEMS);
        assertThat(Fixtures.count(database, "SELECT count(*) FROM recovered_transfers"
                + " WHERE transfer_id LIKE 'T-recovery-race-%' AND claimed_at IS NOT NULL")).isEqualTo(ITEMS);
    }

    @Test
    void racingInsertsOfOneProductReferenceUnderManyKeysStoreOneLiveRow() throws Exception {
        Queue<InsertResult> results = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            Disbursement mine = Fixtures.initiated("reference-race-" + thread, Fixtures.T0);
            DisbursementRequest r = mine.request();
            DisbursementRequest sameLoan = new DisbursementRequest(r.idempotencyKey(), r.product(), "ewa-reference-race",
                    r.amount(), r.beneficiary(), r.narrative());
            results.add(store.insertIfAbsent(Disbursement.initiate(mine.id(), sameLoan, Fixtures.T0)));
        });

        List<InsertResult> inserted = results.stream().filter(r -> r instanceof InsertResult.Inserted).toList();
        assertThat(inserted).hasSize(1);
        assertThat(results).hasSize(THREADS).extracting(InsertResult::disbursement)
                .containsOnly(inserted.get(0).disbursement());
        assertThat(Fixtures.count(database,
                "SELECT count(*) FROM disbursements WHERE product_reference = 'ewa-reference-race'")).isEqualTo(1);
    }

    @Test
    void replicasLeasingStaleDisbursementsNeverLeaseOneTwiceWhileItsLeaseHolds() throws Exception {
        // Changed a day before anything the other tests write, so that only these are stale.
        Instant changedAt = Fixtures.T0.minus(Duration.ofDays(1));
        insertMany("lease-race", ITEMS).forEach(d -> store.transition(d.id(), Fixtures.move(INITIATED, SUBMITTED),
                TransitionCause.of(TransitionSource.API), changedAt));
        int replicas = 4;
        List<PostgresPool> pools = new ArrayList<>();
        List<DisbursementStore> stores = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pools.add(database.openPool(2));
            stores.add(new PostgresDisbursementStore(pools.get(i).dataSource()));
        }
        try {
            for (int round = 0; round < 3; round++) {
                Queue<DisbursementStore.Leased> leased = new ConcurrentLinkedQueue<>();

                Race.run(replicas, replica -> {
                    List<DisbursementStore.Leased> batch;
                    do {
                        batch = stores.get(replica).leaseStale(SUBMITTED, changedAt.plusSeconds(1), 7,
                                Duration.ofMinutes(30));
                        leased.addAll(batch);
                    } while (!batch.isEmpty());
                });

                assertThat(leased).as("leases of round %d", round).extracting(l -> l.disbursement().id())
                        .hasSize(ITEMS).doesNotHaveDuplicates();
                // The next round starts once every lease of this one is given up.
                leased.forEach(l -> store.release(l.lease()));
            }
        } finally {
            pools.forEach(PostgresPool::close);
        }
    }

    @Test
    void racingDeliveriesOfOneCallbackApplyItOnceAndKeepOneOutcome() throws Exception {
        CallbackInbox inbox = new PostgresCallbackInbox(pool.dataSource());
        List<Disbursement> submitted = insertMany("inbox-race", ITEMS).stream()
                .map(d -> ((TransitionResult.Applied) store.transition(d.id(), Fixtures.move(INITIATED, SUBMITTED),
                        TransitionCause.of(TransitionSource.API), Fixtures.T0)).after())
                .toList();
        record Delivery(String eventId, Receipt receipt) {
        }
        Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

        Race.run(THREADS, thread -> {
            for (Disbursement target : submitted) {
                String eventId = "inbox-race-" + target.id();
                var callback = PostgresCallbackInboxTest.settled(eventId, target.id().toString());
                deliveries.add(new Delivery(eventId, inbox.process(callback, PostgresCallbackInboxTest.body(eventId),
                        Fixtures.T0, Optional.of(target.id()), d -> d.decide(callback.event()))));
            }
        });

        assertThat(storedOutcomes()).hasSize(ITEMS).containsOnlyKeys(submitted.stream()
                .map(d -> "inbox-race-" + d.id()).toList()).allSatisfy((event, outcome) -> assertThat(outcome).isEqualTo("APPLIED"));
        Map<String, List<Receipt>> byEvent = deliveries.stream()
                .collect(Collectors.groupingBy(Delivery::eventId, Collectors.mapping(Delivery::receipt, Collectors.toList())));
        for (Disbursement target : submitted) {
            assertThat(byEvent.get("inbox-race-" + target.id())).hasSize(THREADS)
                    .filteredOn(r -> r instanceof Receipt.AlreadyProcessed).hasSize(THREADS - 1)
                    .containsOnly(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
            assertThat(Fixtures.log(database, target.id())).extracting(Fixtures.LogRow::to)
                    .containsExactly("INITIATED", "SUBMITTED", "SETTLED");
        }
    }

    /** Inserted from 10 threads, to keep the set-up short. */
    private static List<Disbursement> insertMany(String prefix, int count) throws InterruptedException {
        List<Disbursement> disbursements = IntStream.range(0, count)
                .mapToObj(i -> Fixtures.initiated(prefix + "-" + i, Fixtures.T0)).toList();
        Queue<Disbursement> stored = new ConcurrentLinkedQueue<>();
        Race.run(10, thread -> {
            for (int i = thread; i < count; i += 10) {
                stored.add(store.insertIfAbsent(disbursements.get(i)).disbursement());
            }
        });
        Map<DisbursementId, Disbursement> byId = stored.stream().collect(Collectors.toMap(Disbursement::id, d -> d));
        return disbursements.stream().map(d -> byId.get(d.id())).toList();
    }

    private static Map<String, String> storedOutcomes() throws SQLException {
        Map<String, String> outcomes = new HashMap<>();
        try (Connection connection = database.connect();
                ResultSet row = connection.createStatement().executeQuery(
                        "SELECT event_id, outcome FROM callback_inbox WHERE event_id LIKE 'inbox-race-%'")) {
            while (row.next()) {
                outcomes.put(row.getString(1), row.getString(2));
            }
        }
        return outcomes;
    }
}
