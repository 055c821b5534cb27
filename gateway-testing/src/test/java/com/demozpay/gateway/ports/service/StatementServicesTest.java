package com.demozpay.gateway.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.HeldTransfer;
import com.demozpay.gateway.domain.reconciliation.Reconciliation;
import com.demozpay.gateway.domain.reconciliation.ReconciliationClass;
import com.demozpay.gateway.domain.reconciliation.RecoveredTransfer;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.domain.reconciliation.UnmatchedCallback;
import com.demozpay.gateway.ports.in.ReconcileStatementUseCase;
import com.demozpay.gateway.ports.in.RecoverFromStatementUseCase.RecoveryReport;
import com.demozpay.gateway.ports.out.PartnerStatements;
import com.demozpay.gateway.ports.out.ReconciliationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatementServicesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC);
    private static final DisbursementId TODAYS = new DisbursementId(UUID.randomUUID());
    private static final DisbursementId YESTERDAYS = new DisbursementId(UUID.randomUUID());

    private static StatementLine line(String reference) {
        return new StatementLine(reference, new PartnerReference("T-" + reference), Money.etb(100),
                DisbursementStatus.SETTLED, Optional.empty(), DAY);
    }

    /** Our books: one disbursement created on the day, one the day before; runs kept in a list. */
    private static final class Books implements ReconciliationStore {
        final List<Reconciliation> saved = new ArrayList<>();
        final List<String> origins = new ArrayList<>();

        private static HeldTransfer held(DisbursementId id) {
            return new HeldTransfer(id, Money.etb(100), DisbursementStatus.SETTLED, false);
        }

        @Override
        public List<HeldTransfer> heldOn(LocalDate day) {
            return day.equals(DAY) ? List.of(held(TODAYS)) : List.of();
        }

        @Override
        public List<HeldTransfer> heldAmong(Collection<String> references) {
            return references.stream().filter(r -> r.equals(YESTERDAYS.toString()) || r.equals(TODAYS.toString()))
                    .map(r -> held(new DisbursementId(UUID.fromString(r)))).toList();
        }

        @Override
        public List<UnmatchedCallback> unmatchedCallbacksOn(LocalDate day) {
            return List.of(new UnmatchedCallback("ghost", DisbursementStatus.SETTLED, "evt-1"));
        }

        @Override
        public long save(Reconciliation reconciliation, String origin, Instant startedAt, Instant finishedAt) {
            saved.add(reconciliation);
            origins.add(origin);
            return saved.size();
        }

        @Override
        public boolean claimScheduledRun(LocalDate day, Instant now, Duration retryAfter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseScheduledRun(LocalDate day, Instant claimedAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void finishScheduledRun(LocalDate day, long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<ReconciliationClass, Integer> latestCounts() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void reconcilingLooksUpWhatTheStatementNamesFromOtherDaysAndStoresTheRunWithItsOrigin() {
        // given: the bank lists today's, yesterday's (valued today) and nothing else; the inbox holds a ghost
        Books books = new Books();
        PartnerStatements bank = day -> new Statement(day, List.of(line(TODAYS.toString()), line(YESTERDAYS.toString())));
        ReconcileStatementUseCase reconcile = new ReconcileStatementService(bank, books, CLOCK);

        // when
        ReconcileStatementUseCase.StoredReconciliation run = reconcile.reconcileWithBank(DAY,
                ReconcileStatementUseCase.Origin.SCHEDULE);

        // then
        assertThat(run.runId()).isEqualTo(1);
        assertThat(books.origins).containsExactly("schedule");
        assertThat(run.reconciliation().items()).extracting(i -> i.reference() + "=" + i.classification())
                .containsExactly(TODAYS + "=MATCHED", YESTERDAYS + "=MATCHED", "ghost=UNKNOWN_TO_US");
    }

    @Test
    void recoveryRecordsOurIdsWeLackCountsThoseWeHoldAndSetsOtherReferencesApart() {
        // given: the store already holds one of the two ids
        Set<DisbursementId> held = new HashSet<>(Set.of(TODAYS));
        List<RecoveredTransfer> recorded = new ArrayList<>();
        PartnerStatements bank = day -> new Statement(day, List.of(line(TODAYS.toString()), line(YESTERDAYS.toString()),
                line("ELSEWHERE-7")));
        RecoverFromStatementService recover = new RecoverFromStatementService(bank, candidates -> {
            List<RecoveredTransfer> added = candidates.stream().filter(c -> held.add(c.id())).toList();
            recorded.addAll(added);
            return added;
        }, CLOCK);

        // when
        RecoveryReport first = recover.recoverWithBank(DAY);
        RecoveryReport second = recover.recoverWithBank(DAY);

        // then
        assertThat(first.lines()).isEqualTo(3);
        assertThat(first.recovered()).extracting(RecoveredTransfer::id).containsExactly(YESTERDAYS);
        assertThat(first.recovered().get(0).recoveredAt()).isEqualTo(CLOCK.instant());
        assertThat(first.alreadyHeld()).isEqualTo(1);
        assertThat(first.notOurs()).containsExactly("ELSEWHERE-7");
        assertThat(second.recovered()).isEmpty();
        assertThat(second.alreadyHeld()).isEqualTo(2);
        assertThat(recorded).hasSize(1);
    }
}
