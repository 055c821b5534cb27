package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.DisbursementStatus.ACCEPTED;
import static com.demozpay.gateway.domain.DisbursementStatus.FAILED;
import static com.demozpay.gateway.domain.DisbursementStatus.INITIATED;
import static com.demozpay.gateway.domain.DisbursementStatus.SETTLED;
import static com.demozpay.gateway.domain.DisbursementStatus.SUBMITTED;
import static com.demozpay.gateway.domain.TestDisbursements.AMOUNT;
import static com.demozpay.gateway.domain.TestDisbursements.OTHER_TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.initiated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every sequence of up to {@value #MAX_LENGTH} events, repeats included, applied from INITIATED
 * through {@link Disbursement#decide} (and the submit and no-record rules) and {@link Disbursement#apply}.
 * Enumerating them all is cheap (about half a million paths, shared prefixes walked once) and, unlike
 * random sampling, cannot miss a short bad sequence.
 */
class EventSequenceExhaustiveTest {

    private static final int MAX_LENGTH = 5;

    /** One thing that can happen to a disbursement, named for the failure message. */
    private record Step(String name, Function<Disbursement, Decision> decide) {
        static Step reported(String name, PartnerEvent event) {
            return new Step(name, d -> d.decide(event));
        }

        static Step submitAnswer(String name, PartnerOutcome outcome) {
            return new Step(name, d -> d.decideAfterSubmit(outcome));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Step PENDING = Step.reported("pending", PartnerEvent.reported(SUBMITTED, TRANSFER, AMOUNT));
    private static final Step PENDING_BARE = Step.reported("pending(no id)", PartnerEvent.reported(SUBMITTED, null, null));
    private static final Step ACCEPT = Step.reported("accepted", PartnerEvent.reported(ACCEPTED, TRANSFER, AMOUNT));
    private static final Step ACCEPT_BARE = Step.reported("accepted(no id)", PartnerEvent.reported(ACCEPTED, null, null));
    private static final Step SETTLE = Step.reported("settled", PartnerEvent.reported(SETTLED, TRANSFER, AMOUNT));
    private static final Step SETTLE_BARE = Step.reported("settled(no id)", PartnerEvent.reported(SETTLED, null, AMOUNT));
    private static final Step FAIL = Step.reported("failed",
            PartnerEvent.failed(TRANSFER, AMOUNT, new Failure("INVALID_ACCOUNT", "no such account")));
    private static final Step FAIL_BARE = Step.reported("failed(no id)",
            PartnerEvent.failed(null, null, new Failure("ACCOUNT_CLOSED", "closed")));
    private static final Step SETTLE_OTHER_TRANSFER = Step.reported("settled(other id)",
            PartnerEvent.reported(SETTLED, OTHER_TRANSFER, AMOUNT));
    private static final Step SETTLE_OTHER_AMOUNT = Step.reported("settled(other amount)",
            PartnerEvent.reported(SETTLED, TRANSFER, Money.etb(AMOUNT.amountMinor() + 1)));
    private static final Step UNKNOWN = Step.submitAnswer("submit unknown", new PartnerOutcome.Unknown("timeout"));
    private static final Step NOT_RECEIVED = Step.submitAnswer("submit not received",
            new PartnerOutcome.NotReceived("refused"));
    private static final Step REJECTED = Step.submitAnswer("submit rejected",
            new PartnerOutcome.Rejected(new Failure("LIMIT_EXCEEDED", "over the limit")));
    private static final Step NOT_SUBMITTED = new Step("no record: not submitted", d -> d.whenPartnerHasNoRecord(DisbursementStatus.INITIATED).decision());

    private static final List<Step> EVERYTHING = List.of(PENDING, PENDING_BARE, ACCEPT, ACCEPT_BARE, SETTLE,
            SETTLE_BARE, FAIL, FAIL_BARE, SETTLE_OTHER_TRANSFER, SETTLE_OTHER_AMOUNT, UNKNOWN, NOT_RECEIVED, REJECTED,
            NOT_SUBMITTED);

    @Test
    void noSequenceMovesAFinalDisbursementTakesAnIllegalStepOrReachesTwoFinals() {
        long[] sequences = {0};

        walk(EVERYTHING, (path, history) -> {
            sequences[0]++;
            assertSafeLastStep(path, history);
        });

        assertThat(sequences[0]).isEqualTo(sequenceCount(EVERYTHING.size()));
    }

    @Test
    void settlementIsNeverLostWhateverOrderAndRepetitionTheBankUses() {
        // One consistent history of a transfer that settles, delivered in every order with repeats.
        List<Step> settling = List.of(PENDING, PENDING_BARE, ACCEPT, ACCEPT_BARE, SETTLE, SETTLE_BARE, UNKNOWN);

        walk(settling, (path, history) -> {
            Disbursement last = history.get(history.size() - 1);
            assertThat(last.status()).as("after %s", path).isEqualTo(expectedProgress(path));
            assertNoAnomaly(path, history);
        });
    }

    @Test
    void failureIsNeverLostWhateverOrderAndRepetitionTheBankUses() {
        List<Step> failing = List.of(PENDING, ACCEPT, FAIL, FAIL_BARE, UNKNOWN, NOT_RECEIVED);

        walk(failing, (path, history) -> {
            Disbursement last = history.get(history.size() - 1);
            boolean failed = path.contains(FAIL) || path.contains(FAIL_BARE);
            assertThat(last.status() == FAILED).as("after %s", path).isEqualTo(failed);
            assertNoAnomaly(path, history);
        });
    }

    /** What the disbursement holds after each step of {@code path}; index 0 is the start. */
    private interface PathCheck {
        void check(List<Step> path, List<Disbursement> history);
    }

    /** Depth-first over every sequence of up to MAX_LENGTH steps, checking each prefix as its own sequence. */
    private static void walk(List<Step> alphabet, PathCheck check) {
        walk(new ArrayList<>(List.of(initiated())), new ArrayList<>(), alphabet, check);
    }

    private static void walk(List<Disbursement> history, List<Step> path, List<Step> alphabet, PathCheck check) {
        if (path.size() == MAX_LENGTH) {
            return;
        }
        Disbursement current = history.get(history.size() - 1);
        for (Step step : alphabet) {
            Decision decision = step.decide().apply(current);
            path.add(step);
            history.add(next(current, decision, path));
            check.check(path, history);
            walk(history, path, alphabet, check);
            path.remove(path.size() - 1);
            history.remove(history.size() - 1);
        }
    }

    private static Disbursement next(Disbursement current, Decision decision, List<Step> path) {
        if (!(decision instanceof Decision.Transition transition)) {
            return current;
        }
        // Transition's constructor already refuses a move the table forbids; what decide could still get
        // wrong is the state it starts from.
        if (transition.from() != current.status()) {
            fail("transition from %s decided for a disbursement in %s after %s", transition.from(), current.status(), path);
        }
        return current.apply(transition, current.updatedAt().plus(Duration.ofSeconds(1)));
    }

    /**
     * Checks the step that ended {@code path}; every prefix is checked as its own sequence, so by
     * induction the whole sequence is: a final disbursement stays exactly as it was (so no second
     * final), the bank's transfer id never changes once held, and a failure is recorded iff FAILED.
     */
    private static void assertSafeLastStep(List<Step> path, List<Disbursement> history) {
        Disbursement before = history.get(history.size() - 2);
        Disbursement after = history.get(history.size() - 1);
        if (before.status().isFinal() && !after.equals(before)) {
            fail("final %s changed to %s by %s", before.status(), after.status(), path);
        }
        if (before.partnerReference().isPresent() && !after.partnerReference().equals(before.partnerReference())) {
            fail("bank transfer id changed from %s to %s by %s", before.partnerReference(), after.partnerReference(), path);
        }
        if (after.failure().isPresent() != (after.status() == FAILED)) {
            fail("failure %s recorded with status %s after %s", after.failure(), after.status(), path);
        }
    }

    private static void assertNoAnomaly(List<Step> path, List<Disbursement> history) {
        for (int i = 0; i < path.size(); i++) {
            assertThat(path.get(i).decide().apply(history.get(i))).as("false alarm in %s", path)
                    .isNotInstanceOf(Decision.Anomaly.class);
        }
    }

    /** The furthest state any event of a consistent history reports: INITIATED when none reported anything. */
    private static DisbursementStatus expectedProgress(List<Step> path) {
        if (path.contains(SETTLE) || path.contains(SETTLE_BARE)) {
            return SETTLED;
        }
        if (path.contains(ACCEPT) || path.contains(ACCEPT_BARE)) {
            return ACCEPTED;
        }
        return path.isEmpty() ? INITIATED : SUBMITTED;
    }

    private static long sequenceCount(int alphabetSize) {
        long count = 0;
        long level = 1;
        for (int length = 1; length <= MAX_LENGTH; length++) {
            level *= alphabetSize;
            count += level;
        }
        return count;
    }

}
