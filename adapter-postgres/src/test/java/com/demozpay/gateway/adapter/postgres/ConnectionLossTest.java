package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Connections killed under the store (as by a server restart), and the server going away. */
class ConnectionLossTest {

    private static final TransitionCause POLL = TransitionCause.of(TransitionSource.POLL);

    private static TestDatabase database;
    private final ListAppender<ILoggingEvent> retries = new ListAppender<>();

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void recordRetries() {
        retries.start();
        ((Logger) LoggerFactory.getLogger(JdbiCalls.class)).addAppender(retries);
    }

    @AfterEach
    void stopRecording() {
        ((Logger) LoggerFactory.getLogger(JdbiCalls.class)).detachAppender(retries);
    }

    /**
     * The worst case, made certain: HikariCP checks a pooled connection before lending it only when it
     * has been idle for over 0.5 s, and this pool never checks, so every killed connection is lent to
     * the store. Each call still succeeds, having retried once per dead connection it met, at least once.
     */
    @Test
    void theNextCallAfterThePoolsConnectionsAreTerminatedSucceeds() {
        try (PostgresPool pool = poolThatNeverChecksConnections()) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
            CallbackInbox inbox = new PostgresCallbackInbox(pool.dataSource());
            Disbursement disbursement = store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement();
            String eventId = "evt-" + UUID.randomUUID();
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("insert", () -> store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)));
            calls.put("find", () -> assertThat(store.findById(disbursement.id())).isPresent());
            calls.put("transition", () -> assertThat(store.transition(disbursement.id(), Fixtures.move(INITIATED, SUBMITTED),
                    POLL, Fixtures.T0.plusSeconds(1))).isInstanceOf(DisbursementStore.TransitionResult.Applied.class));
            calls.put("lease", () -> store.leaseStale(SUBMITTED, Fixtures.T0.plusSeconds(2), 5, Duration.ofMinutes(1)));
            calls.put("summarize", store::summarizeOpen);
            calls.put("process callback", () -> PostgresCallbackInboxTest.processUnmatched(inbox, eventId, "ref",
                    Fixtures.T0));

            for (Map.Entry<String, Runnable> call : calls.entrySet()) {
                store.summarizeOpen();
                int killed = database.terminateConnections();
                retries.list.clear();

                call.getValue().run();

                assertThat(killed).as("connections killed before %s", call.getKey()).isPositive();
                assertThat(retries.list).as("retries of %s", call.getKey()).hasSizeBetween(1, killed);
            }
        }
    }

    /**
     * Eight threads run lifecycles (insert, two transitions) while the pool's connections are killed
     * three times. A call may fail only when the connection died during its COMMIT, and then it says
     * so. Afterwards each lifecycle is finished, and every disbursement has exactly one log row per state
     * change, whatever became of the calls that failed.
     */
    @Test
    void lifecyclesThroughRepeatedTerminationsKeepOneLogRowPerStateChange() throws Exception {
        int workers = 8;
        int perWorker = 20;
        List<List<Disbursement>> planned = IntStream.range(0, workers)
                .mapToObj(w -> IntStream.range(0, perWorker).mapToObj(i -> Fixtures.initiated(key(), Fixtures.T0)).toList())
                .toList();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger killed = new AtomicInteger();
        Queue<StoreUnavailableException> unavailable = new ConcurrentLinkedQueue<>();
        try (PostgresPool pool = database.openPool(6)) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());

            Race.run(workers + 1, thread -> {
                if (thread == workers) {
                    for (int round = 1; round <= 3; round++) {
                        int target = round * workers * perWorker / 4;
                        Eventually.within(Duration.ofSeconds(30), () -> assertThat(finished).hasValueGreaterThan(target));
                        killed.addAndGet(database.terminateConnections());
                    }
                    return;
                }
                for (Disbursement disbursement : planned.get(thread)) {
                    try {
                        lifecycle(store, disbursement);
                    } catch (StoreUnavailableException e) {
                        unavailable.add(e);
                    }
                    finished.incrementAndGet();
                }
            });

            assertThat(killed).hasPositiveValue();
            assertThat(unavailable).allSatisfy(e -> assertThat(e).hasMessageContaining("may or may not have been applied"));
            planned.forEach(disbursements -> disbursements.forEach(d -> lifecycle(store, d)));
            Map<DisbursementId, List<Fixtures.LogRow>> logs = Fixtures.logs(database);
            for (List<Disbursement> disbursements : planned) {
                for (Disbursement disbursement : disbursements) {
                    assertThat(store.findById(disbursement.id())).get().extracting(Disbursement::status).isEqualTo(SETTLED);
                    assertThat(logs.get(disbursement.id())).extracting(Fixtures.LogRow::to)
                            .containsExactly("INITIATED", "SUBMITTED", "SETTLED");
                }
            }
        }
    }

    @Test
    void whileTheServerIsAwayEveryCallIsUnavailableAndAfterItReturnsCallsSucceed() {
        try (TcpProxy proxy = database.startProxy();
                PostgresPool pool = PostgresPool.open(database.urlThrough(proxy),
                        new PoolSettings(2, Duration.ofMillis(300), Duration.ofSeconds(5)))) {
            DisbursementStore store = new PostgresDisbursementStore(pool.dataSource());
            CallbackInbox inbox = new PostgresCallbackInbox(pool.dataSource());
            Disbursement disbursement = store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)).disbursement();
            Instant at = Fixtures.T0.plusSeconds(1);

            proxy.cut();

            assertUnavailable(() -> store.insertIfAbsent(Fixtures.initiated(key(), Fixtures.T0)));
            assertUnavailable(() -> store.findById(disbursement.id()));
            assertUnavailable(() -> store.findByIdempotencyKey(disbursement.request().idempotencyKey()));
            assertUnavailable(() -> store.transition(disbursement.id(), Fixtures.move(INITIATED, SUBMITTED), POLL, at));
            assertUnavailable(() -> store.leaseStale(INITIATED, at, 5, Duration.ofMinutes(1)));
            assertUnavailable(store::summarizeOpen);
            assertUnavailable(() -> PostgresCallbackInboxTest.processUnmatched(inbox, "evt-away", "ref", at));

            proxy.restore();

            // HikariCP retries opening connections with a back-off of up to 5 s, so calls succeed again
            // within that, not at once.
            Eventually.within(Duration.ofSeconds(10),
                    () -> assertThat(store.findById(disbursement.id())).contains(disbursement));
            assertThat(store.transition(disbursement.id(), Fixtures.move(INITIATED, SUBMITTED), POLL, at))
                    .isInstanceOf(DisbursementStore.TransitionResult.Applied.class);
        }
    }

    private static void lifecycle(DisbursementStore store, Disbursement disbursement) {
        store.insertIfAbsent(disbursement);
        moveIfStill(store, disbursement, INITIATED, SUBMITTED);
        moveIfStill(store, disbursement, SUBMITTED, SETTLED);
    }

    /** Moves it unless an earlier, failed call already did: a Lost result must show it further on. */
    private static void moveIfStill(DisbursementStore store, Disbursement disbursement, DisbursementStatus from,
            DisbursementStatus to) {
        DisbursementStore.TransitionResult result = store.transition(disbursement.id(), Fixtures.move(from, to), POLL,
                Fixtures.T0.plusSeconds(to.ordinal()));
        if (result instanceof DisbursementStore.TransitionResult.Lost lost) {
            assertThat(lost.current().status().ordinal()).isGreaterThanOrEqualTo(to.ordinal());
        }
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(StoreUnavailableException.class).hasMessageStartingWith("pg ");
    }

    private static PostgresPool poolThatNeverChecksConnections() {
        // Read once, when the pool is built.
        System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", String.valueOf(Duration.ofHours(1).toMillis()));
        try {
            return database.openPool(4);
        } finally {
            System.clearProperty("com.zaxxer.hikari.aliveBypassWindowMs");
        }
    }

    private static String key() {
        return "loss-" + UUID.randomUUID();
    }
}
