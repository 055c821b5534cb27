package com.demozpay.gateway.domain;

import static com.demozpay.gateway.domain.TestDisbursements.BANK_FAILURE;
import static com.demozpay.gateway.domain.TestDisbursements.CREATED;
import static com.demozpay.gateway.domain.TestDisbursements.TRANSFER;
import static com.demozpay.gateway.domain.TestDisbursements.in;
import static com.demozpay.gateway.domain.TestDisbursements.reported;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state against every status the bank can report, with the expected outcome written out by
 * hand (not computed from {@link DisbursementStatus#canMoveTo}), so a change to the rules shows here.
 */
class TransitionTableTest {

    private static final String TABLE = """
            INITIATED SUBMITTED MOVE
            INITIATED ACCEPTED  MOVE
            INITIATED SETTLED   MOVE
            INITIATED FAILED    MOVE
            SUBMITTED SUBMITTED ALREADY_IN_STATE
            SUBMITTED ACCEPTED  MOVE
            SUBMITTED SETTLED   MOVE
            SUBMITTED FAILED    MOVE
            ACCEPTED  SUBMITTED STALE
            ACCEPTED  ACCEPTED  ALREADY_IN_STATE
            ACCEPTED  SETTLED   MOVE
            ACCEPTED  FAILED    MOVE
            SETTLED   SUBMITTED STALE
            SETTLED   ACCEPTED  STALE
            SETTLED   SETTLED   ALREADY_IN_STATE
            SETTLED   FAILED    CONFLICTING_FINAL
            FAILED    SUBMITTED STALE
            FAILED    ACCEPTED  STALE
            FAILED    SETTLED   CONFLICTING_FINAL
            FAILED    FAILED    ALREADY_IN_STATE
            """;

    static Stream<Arguments> table() {
        return TABLE.lines().map(line -> line.trim().split("\\s+"))
                .map(cells -> Arguments.of(DisbursementStatus.valueOf(cells[0]), DisbursementStatus.valueOf(cells[1]),
                        cells[2]));
    }

    @Test
    void tableCoversEveryStateAgainstEveryReportableStatus() {
        List<String> pairs = table().map(a -> a.get()[0] + "/" + a.get()[1]).collect(Collectors.toList());
        List<String> expected = Arrays.stream(DisbursementStatus.values())
                .flatMap(state -> Stream.of(DisbursementStatus.SUBMITTED, DisbursementStatus.ACCEPTED,
                        DisbursementStatus.SETTLED, DisbursementStatus.FAILED).map(event -> state + "/" + event))
                .collect(Collectors.toList());

        assertThat(pairs).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} + bank reports {1} -> {2}")
    @MethodSource("table")
    void bankEventIsWeighedAgainstCurrentState(DisbursementStatus state, DisbursementStatus event, String expected) {
        // given
        Disbursement disbursement = in(state);

        // when
        Decision decision = disbursement.decide(reported(event));

        // then
        switch (expected) {
            case "MOVE" -> assertMovesTo(disbursement, decision, event);
            case "ALREADY_IN_STATE" -> assertThat(decision).isEqualTo(new Decision.NoChange(NoChangeReason.ALREADY_IN_STATE));
            case "STALE" -> assertThat(decision).isEqualTo(new Decision.NoChange(NoChangeReason.STALE));
            case "CONFLICTING_FINAL" -> assertThat(decision).isInstanceOfSatisfying(Decision.Anomaly.class,
                    anomaly -> assertThat(anomaly.kind()).isEqualTo(AnomalyKind.CONFLICTING_FINAL));
            default -> throw new IllegalArgumentException(expected);
        }
    }

    @ParameterizedTest(name = "{0} + bank reports {1} -> {2}")
    @MethodSource("table")
    void onlyMovesChangeTheDisbursementAndTheyAreLegalMoves(DisbursementStatus state, DisbursementStatus event,
            String expected) {
        assertThat(state.canMoveTo(event)).isEqualTo(expected.equals("MOVE"));
    }

    private static void assertMovesTo(Disbursement before, Decision decision, DisbursementStatus target) {
        Optional<Failure> failure = target == DisbursementStatus.FAILED ? Optional.of(BANK_FAILURE) : Optional.empty();
        assertThat(decision).isEqualTo(new Decision.Transition(before.status(), target, Optional.of(TRANSFER), failure));

        Disbursement after = before.apply((Decision.Transition) decision, CREATED.plus(Duration.ofMinutes(1)));

        assertThat(after.status()).isEqualTo(target);
        assertThat(after.partnerReference()).contains(TRANSFER);
        assertThat(after.failure()).isEqualTo(failure);
        assertThat(after.updatedAt()).isEqualTo(CREATED.plus(Duration.ofMinutes(1)));
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.request()).isEqualTo(before.request());
    }
}
