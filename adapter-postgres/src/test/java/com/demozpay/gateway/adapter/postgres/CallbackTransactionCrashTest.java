package com.demozpay.gateway.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.CallbackInbox.Receipt;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A callback is one transaction: the inbox row, the lock on the disbursement, the transition with its log
 * row, the processed mark, the commit. The connection is killed at each of those steps in turn, from inside
 * the server (a trigger that terminates its own backend, once), as a crash of the gateway or of the network
 * would end it there. Whatever the step, no part of the callback survives the crash, and it is applied
 * exactly once in the end: by the adapter's own retry on another connection when the crash came before
 * COMMIT, by the bank's retry of the same event when it came during COMMIT (whose fate the gateway cannot
 * know, so it answers 503).
 */
class CallbackTransactionCrashTest {

    @RegisterExtension
    static final MigratedDatabase DATABASE = new MigratedDatabase(2);

    private static final AtomicInteger TRIGGERS = new AtomicInteger();

    /** Where the connection dies. */
    enum CrashPoint {
        AFTER_THE_INBOX_ROW("AFTER INSERT ON callback_inbox", "NEW.event_id", false),
        AFTER_THE_TRANSITION("AFTER INSERT ON disbursement_transitions", "NEW.partner_event_id", true),
        AFTER_THE_PROCESSED_MARK("AFTER UPDATE ON callback_inbox", "NEW.event_id", true),
        DURING_COMMIT("AFTER UPDATE ON callback_inbox DEFERRABLE INITIALLY DEFERRED", "NEW.event_id", true);

        private final String when;
        private final String eventColumn;
        private final boolean afterTheDecision;

        CrashPoint(String when, String eventColumn, boolean afterTheDecision) {
            this.when = when;
            this.eventColumn = eventColumn;
            this.afterTheDecision = afterTheDecision;
        }
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aCallbackCutShortAtAnyStepLeavesNothingAndIsAppliedOnceInTheEnd(CrashPoint point) throws SQLException {
        // given: a submitted disbursement, and a connection that dies once at this point of its callback
        DisbursementStore store = new PostgresDisbursementStore(DATABASE.pool().dataSource());
        CallbackInbox inbox = new PostgresCallbackInbox(DATABASE.pool().dataSource());
        Disbursement submitted = PostgresCallbackInboxTest.submitted(store);
        String eventId = "evt-" + UUID.randomUUID();
        VerifiedCallback callback = PostgresCallbackInboxTest.settled(eventId, submitted.id().toString());
        String trigger = killOnce(point, eventId);
        List<DisbursementStatus> decidedOn = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();

        // when: the bank delivers it, and delivers it again if the gateway could not say it was applied
        if (point == CrashPoint.DURING_COMMIT) {
            assertThatThrownBy(() -> deliver(inbox, callback, submitted, decidedOn))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("may or may not");
            assertThat(store.findById(submitted.id())).contains(submitted);
            assertThat(inboxRows(eventId)).isZero();
        }
        receipts.add(deliver(inbox, callback, submitted, decidedOn));

        // then: the attempt cut short left nothing (the next one decided on SUBMITTED again and recorded the
        // callback anew), and the callback is applied once
        assertThat(decidedOn).containsOnly(DisbursementStatus.SUBMITTED).hasSize(point.afterTheDecision ? 2 : 1);
        assertThat(receipts).singleElement().isInstanceOfSatisfying(Receipt.Processed.class,
                p -> assertThat(p.outcome()).isEqualTo(CallbackOutcome.APPLIED));
        assertThat(store.findById(submitted.id()).orElseThrow().status()).isEqualTo(DisbursementStatus.SETTLED);
        assertThat(Fixtures.count(DATABASE.database(), "SELECT count(*) FROM disbursement_transitions"
                + " WHERE partner_event_id = '" + eventId + "'")).isEqualTo(1);
        assertThat(Fixtures.count(DATABASE.database(), "SELECT count(*) FROM callback_inbox WHERE event_id = '"
                + eventId + "' AND outcome = 'APPLIED' AND processed_at IS NOT NULL")).isEqualTo(1);
        // and a further delivery is a duplicate
        assertThat(deliver(inbox, callback, submitted, decidedOn))
                .isEqualTo(new Receipt.AlreadyProcessed(CallbackOutcome.APPLIED));
        // and the crash did happen: the trigger fired on the attempt it killed and on the one that applied it
        assertThat(Fixtures.count(DATABASE.database(), "SELECT last_value FROM " + trigger)).isEqualTo(2);
    }

    private static Receipt deliver(CallbackInbox inbox, VerifiedCallback callback, Disbursement target,
            List<DisbursementStatus> decidedOn) {
        return inbox.process(callback, PostgresCallbackInboxTest.body(callback.eventId()), Fixtures.T0,
                Optional.of(target.id()), d -> {
                    decidedOn.add(d.status());
                    return d.decide(callback.event());
                });
    }

    /**
     * A trigger that terminates its own backend the first time it fires for this event: a sequence counts
     * the firings, since a sequence is not rolled back with the transaction the crash ends. Returns the name
     * of the trigger and of its sequence.
     */
    private static String killOnce(CrashPoint point, String eventId) throws SQLException {
        String name = "crash_" + TRIGGERS.incrementAndGet();
        String constraint = point == CrashPoint.DURING_COMMIT ? "CONSTRAINT " : "";
        Fixtures.execute(DATABASE.database(), """
                CREATE SEQUENCE %1$s;
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('%1$s') = 1 THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE %2$sTRIGGER %1$s %3$s FOR EACH ROW WHEN (%4$s = '%5$s') EXECUTE FUNCTION %1$s();
                """.formatted(name, constraint, point.when, point.eventColumn, eventId));
        return name;
    }

    private static long inboxRows(String eventId) throws SQLException {
        return Fixtures.count(DATABASE.database(), "SELECT count(*) FROM callback_inbox WHERE event_id = '" + eventId + "'");
    }
}
