package com.demozpay.gateway.adapter.postgres;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.EventCursor;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event feed over real PostgreSQL: every replica reads the same events at the same cursors. */
class PostgresDisbursementEventFeedTest {

    private static final TransitionCause API = TransitionCause.of(TransitionSource.API);
    private static final AtomicInteger KEYS = new AtomicInteger();

    private static TestDatabase database;
    private static PostgresPool pool;
    private static PostgresPool otherReplicaPool;
    private DisbursementStore store;

    @BeforeAll
    static void migratedDatabase() {
        database = TestDatabase.createMigrated();
        pool = database.openPool(8);
        otherReplicaPool = database.openPool(2);
    }

    @AfterAll
    static void dropDatabase() {
        if (otherReplicaPool != null) {
            otherReplicaPool.close();
        }
        if (pool != null) {
            pool.close();
        }
        database.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        Fixtures.execute(database, "TRUNCATE disbursement_anomalies, callback_inbox, disbursement_transitions, disbursements");
        store = new PostgresDisbursementStore(pool.dataSource());
    }

    private PostgresDisbursementEventFeed replica() {
        return new PostgresDisbursementEventFeed(pool.dataSource());
    }

    private Disbursement inserted() {
        return store.insertIfAbsent(Fixtures.initiated("feed-" + KEYS.incrementAndGet(), Fixtures.T0)).disbursement();
    }

    @Test
    void eventsCarryEachChangeWithItsFromStatusAndTheStatusOfThatChange() {
        EventCursor start = replica().end();
        Disbursement disbursement = inserted();
        store.transition(disbursement.id(), Fixtures.move(INITIATED, SUBMITTED), API, Fixtures.T0.plusSeconds(1));
        store.transition(disbursement.id(), Fixtures.fail(SUBMITTED, "AC04", "account closed"), API,
                Fixtures.T0.plusSeconds(2));

        List<DisbursementEvent> events = replica().readAfter(start, 10);

        assertThat(events).extracting(e -> e.fromStatus().orElse(null), e -> e.disbursement().status())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, INITIATED),
                        org.assertj.core.groups.Tuple.tuple(INITIATED, SUBMITTED),
                        org.assertj.core.groups.Tuple.tuple(SUBMITTED, FAILED));
        assertThat(events.get(1).disbursement().failure()).isEmpty();
        assertThat(events.get(1).disbursement().updatedAt()).isEqualTo(Fixtures.T0.plusSeconds(1).truncatedTo(
                java.time.temporal.ChronoUnit.MICROS));
        assertThat(events.get(2).disbursement().failure()).hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("AC04"));
        assertThat(events).extracting(e -> e.cursor().position())
                .containsExactly(start.position() + 1, start.position() + 2, start.position() + 3);
    }

    @Test
    void endIsTheLastEventSoAWatchFromItSeesOnlyLaterChanges() {
        Disbursement before = inserted();
        store.transition(before.id(), Fixtures.move(INITIATED, SUBMITTED), API, Fixtures.T0);

        EventCursor end = replica().end();
        Disbursement after = inserted();

        assertThat(end.position()).isEqualTo(2);
        assertThat(replica().readAfter(end, 10)).extracting(e -> e.disbursement().id()).containsExactly(after.id());
        assertThat(replica().readAfter(new EventCursor(end.position() + 1), 10)).isEmpty();
    }

    @Test
    void transitionsCommittedOutOfIdOrderAreEachDeliveredOnceToAWatcherResumingOnAnotherReplica() throws Exception {
        Disbursement first = inserted();
        Disbursement second = inserted();
        EventCursor start = replica().end();

        try (Connection slow = database.connect(); Connection quick = database.connect()) {
            slow.setAutoCommit(false);
            quick.setAutoCommit(false);
            // given the lower log id drawn by a transaction that commits last
            long slowId = writeTransition(slow, first.id(), INITIATED, SUBMITTED);
            long quickId = writeTransition(quick, second.id(), INITIATED, SUBMITTED);
            assertThat(slowId).isLessThan(quickId);
            quick.commit();

            // when a watcher reads while the lower id is still uncommitted
            List<DisbursementEvent> seenBefore = replica().readAfter(start, 10);
            assertThat(seenBefore).extracting(e -> e.disbursement().id()).containsExactly(second.id());
            EventCursor lastSeen = seenBefore.get(0).cursor();
            slow.commit();

            // then resuming from its last cursor on another replica delivers the late commit, and only it
            PostgresDisbursementEventFeed otherReplica = new PostgresDisbursementEventFeed(otherReplicaPool.dataSource());
            assertThat(otherReplica.readAfter(lastSeen, 10)).extracting(e -> e.disbursement().id(), e -> e.cursor())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(first.id(),
                            new EventCursor(lastSeen.position() + 1)));
            // and a watcher from before both sees each exactly once, in the order they became visible
            assertThat(otherReplica.readAfter(start, 10)).extracting(e -> e.disbursement().id())
                    .containsExactly(second.id(), first.id());
        }
    }

    @Test
    void concurrentWritersAndReadersDeliverEveryChangeOnceAndEachDisbursementsChangesInOrder() throws Exception {
        EventCursor start = replica().end();
        List<Disbursement> disbursements = IntStream.range(0, 40).mapToObj(i -> inserted()).toList();
        List<DisbursementStatus> path = List.of(INITIATED, SUBMITTED, ACCEPTED, SETTLED);
        List<DisbursementEvent> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            PostgresDisbursementEventFeed feed = new PostgresDisbursementEventFeed(otherReplicaPool.dataSource());
            EventCursor cursor = start;
            int expected = disbursements.size() * path.size();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < expected && System.nanoTime() < deadline) {
                List<DisbursementEvent> batch = feed.readAfter(cursor, 7);
                seen.addAll(batch);
                if (!batch.isEmpty()) {
                    cursor = batch.get(batch.size() - 1).cursor();
                }
            }
            feed.end();
            seen.addAll(feed.readAfter(cursor, 10));
        });
        reader.start();

        Race.run(8, thread -> {
            PostgresDisbursementEventFeed feed = replica();
            for (int step = 1; step < path.size(); step++) {
                for (Disbursement disbursement : disbursements) {
                    store.transition(disbursement.id(), Fixtures.move(path.get(step - 1), path.get(step)), API,
                            Fixtures.T0.plusSeconds(step));
                    if (thread % 2 == 0) {
                        feed.numberPending();
                    }
                }
            }
        });
        reader.join(60_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(seen).extracting(e -> e.cursor().position())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, seen.size())
                        .mapToObj(i -> start.position() + i).toList());
        Map<DisbursementId, List<DisbursementStatus>> byDisbursement = new HashMap<>();
        seen.forEach(e -> byDisbursement.computeIfAbsent(e.disbursement().id(), id -> new ArrayList<>())
                .add(e.disbursement().status()));
        assertThat(byDisbursement).hasSize(disbursements.size());
        byDisbursement.values().forEach(statuses -> assertThat(statuses).containsExactlyElementsOf(path));
    }

    @Test
    void aPositionIsGivenOnceAndTheRestOfTheLogStaysAppendOnly() throws Exception {
        Disbursement disbursement = inserted();
        replica().end();

        assertThatThrownBy(() -> Fixtures.execute(database,
                "UPDATE disbursement_transitions SET feed_position = 99 WHERE disbursement_id = '" + disbursement.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(Fixtures.count(database, "SELECT count(*) FROM disbursement_transitions WHERE feed_position = 1"))
                .isEqualTo(1);
    }

    @Test
    void aWriterOfAnUnnumberedRowCannotChangeAnythingButItsPosition() throws Exception {
        Disbursement disbursement = inserted();

        assertThatThrownBy(() -> Fixtures.execute(database, "UPDATE disbursement_transitions SET feed_position = 1,"
                + " source = 'poll' WHERE disbursement_id = '" + disbursement.id() + "'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    /** The store's transition, by hand, so that the test decides when it commits; returns the log row's id. */
    private static long writeTransition(Connection connection, DisbursementId id, DisbursementStatus from,
            DisbursementStatus to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE disbursements SET status = ?, updated_at = now() WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setObject(2, id.value());
            update.setString(3, from.name());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement log = connection.prepareStatement("INSERT INTO disbursement_transitions"
                + " (disbursement_id, from_status, to_status, source, at) VALUES (?, ?, ?, 'api', now()) RETURNING id")) {
            log.setObject(1, id.value());
            log.setString(2, from.name());
            log.setString(3, to.name());
            try (ResultSet row = log.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
