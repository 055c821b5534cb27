package com.demozpay.gateway.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.domain.AnomalyKind;
import com.demozpay.gateway.domain.BankAnswer;
import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.ResolveDisbursementUseCase.Resolution;
import com.demozpay.gateway.ports.out.ResolutionStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.ports.out.TransitionSource;
import com.demozpay.gateway.testing.InMemoryGateway;
import com.demozpay.gateway.testing.InMemoryOperatorStore;
import com.demozpay.gateway.testing.TestDisbursements;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The resolve use case over the in-memory ports: the bank is asked first, and the domain's rules decide. */
class ResolveDisbursementServiceTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private static final PartnerReference TRANSFER = new PartnerReference("DSH-TRF-9");

    private final InMemoryGateway core = new InMemoryGateway(NOW);
    private final InMemoryOperatorStore operator = new InMemoryOperatorStore(core.store());
    private final ResolveDisbursementService service = new ResolveDisbursementService(core.store(), core.partner(),
            operator, operator, core.clock());

    @Test
    void settlesWhatTheBankReportsSettledAndLogsWhoAndWhy() {
        Disbursement accepted = stored(DisbursementStatus.ACCEPTED);
        core.partner().thenLookup(bankReports(accepted, DisbursementStatus.SETTLED));

        Resolution resolution = service.resolve(accepted.id(), request(DisbursementStatus.SETTLED, Optional.empty()));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Resolved.class, resolved -> {
            assertThat(resolved.after().status()).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(resolved.overridden()).isFalse();
        });
        assertThat(core.store().findById(accepted.id())).get().extracting(Disbursement::status)
                .isEqualTo(DisbursementStatus.SETTLED);
        assertThat(core.store().log()).last().satisfies(row -> {
            assertThat(row.cause().source()).isEqualTo(TransitionSource.OPERATOR);
            assertThat(row.to()).isEqualTo(DisbursementStatus.SETTLED);
        });
        assertThat(operator.resolutions()).singleElement().satisfies(logged -> {
            assertThat(logged.audit().operator()).isEqualTo("abebe");
            assertThat(logged.audit().reason()).isEqualTo("ticket OPS-7");
            assertThat(logged.audit().bankAnswer()).startsWith("SETTLED transfer DSH-TRF-9");
            assertThat(logged.audit().override()).isEmpty();
        });
        assertThat(core.partner().lookedUp()).containsExactly(accepted.id());
    }

    @Test
    void refusesToContradictTheBankAndChangesNothing() {
        Disbursement accepted = stored(DisbursementStatus.ACCEPTED);
        core.partner().thenLookup(bankReports(accepted, DisbursementStatus.ACCEPTED));
        int logRows = core.store().log().size();

        Resolution resolution = service.resolve(accepted.id(), request(DisbursementStatus.FAILED, Optional.empty()));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Refused.class, refused -> {
            assertThat(refused.refusal()).isEqualTo(OperatorResolution.Refusal.CONTRADICTS_BANK);
            assertThat(refused.bank()).isInstanceOf(BankAnswer.Reports.class);
        });
        assertThat(core.store().findById(accepted.id())).contains(accepted);
        assertThat(core.store().log()).hasSize(logRows);
        assertThat(operator.resolutions()).isEmpty();
    }

    @Test
    void anOverrideIsWrittenWithItsReason() {
        Disbursement accepted = stored(DisbursementStatus.ACCEPTED);
        core.partner().thenLookup(new TransferLookup.Unavailable("timeout"));

        Resolution resolution = service.resolve(accepted.id(),
                request(DisbursementStatus.FAILED, Optional.of("bank says so by phone")));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Resolved.class,
                resolved -> assertThat(resolved.overridden()).isTrue());
        assertThat(operator.resolutions()).singleElement().satisfies(logged -> {
            assertThat(logged.audit().override()).contains("bank says so by phone");
            assertThat(logged.audit().bankAnswer()).isEqualTo("UNAVAILABLE timeout");
        });
    }

    @Test
    void settlesARecordedAnomalyOnAFailedDisbursementTheBankCompletedAndMarksItResolved() {
        Disbursement failed = stored(DisbursementStatus.FAILED);
        operator.record(failed.id(), new Decision.Anomaly(AnomalyKind.CONFLICTING_FINAL, "bank reports SETTLED"),
                TransitionSource.WEBHOOK, NOW);
        core.partner().thenLookup(bankReports(failed, DisbursementStatus.SETTLED));

        Resolution resolution = service.resolve(failed.id(), request(DisbursementStatus.SETTLED, Optional.empty()));

        assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
        assertThat(core.store().findById(failed.id())).get().satisfies(after -> {
            assertThat(after.status()).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(after.failure()).isEmpty();
        });
        assertThat(operator.unresolved(failed.id())).isEmpty();
    }

    @Test
    void refusesToSettleAFailedDisbursementWhoseRequestWasPaidAgain() {
        Disbursement failed = stored(DisbursementStatus.FAILED);
        operator.record(failed.id(), new Decision.Anomaly(AnomalyKind.CONFLICTING_FINAL, "bank reports SETTLED"),
                TransitionSource.WEBHOOK, NOW);
        DisbursementRequest again = new DisbursementRequest(new IdempotencyKey("retry-" + UUID.randomUUID()),
                failed.request().product(), failed.request().productReference(), failed.request().amount(),
                failed.request().beneficiary(), failed.request().narrative());
        Disbursement paidAgain = Disbursement.initiate(new DisbursementId(UUID.randomUUID()), again, NOW);
        core.store().put(paidAgain);
        core.partner().thenLookup(bankReports(failed, DisbursementStatus.SETTLED));

        Resolution resolution = service.resolve(failed.id(), request(DisbursementStatus.SETTLED, Optional.empty()));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Refused.class, refused -> {
            assertThat(refused.refusal()).isEqualTo(OperatorResolution.Refusal.PRODUCT_REFERENCE_IN_USE);
            assertThat(refused.detail()).contains(paidAgain.id().toString());
        });
        assertThat(core.store().findById(failed.id())).contains(failed);
        assertThat(operator.unresolved(failed.id())).hasSize(1);
    }

    @Test
    void neverMovesAFinalStateWithoutARecordedAnomaly() {
        Disbursement failed = stored(DisbursementStatus.FAILED);
        core.partner().thenLookup(bankReports(failed, DisbursementStatus.SETTLED));

        Resolution resolution = service.resolve(failed.id(),
                request(DisbursementStatus.SETTLED, Optional.of("I am sure")));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(OperatorResolution.Refusal.FINAL_STATE));
        assertThat(core.store().findById(failed.id())).contains(failed);
    }

    @Test
    void weighsAgainWhenACallbackMovedTheDisbursementMeanwhile() {
        Disbursement accepted = stored(DisbursementStatus.ACCEPTED);
        // The bank's callback settles it between the operator's read and write.
        core.partner().thenLookup(bankReports(accepted, DisbursementStatus.SETTLED));
        ResolutionStore racing = (id, move, audit, at) -> {
            core.store().replaceIfIn(DisbursementStatus.ACCEPTED,
                    new Disbursement(accepted.id(), accepted.request(), DisbursementStatus.SETTLED,
                            Optional.of(TRANSFER), Optional.empty(), accepted.createdAt(), at),
                    TransitionCause.callback("evt-1"));
            return operator.resolve(id, move, audit, at);
        };
        var racingService = new ResolveDisbursementService(core.store(), core.partner(), operator, racing, core.clock());

        Resolution resolution = racingService.resolve(accepted.id(), request(DisbursementStatus.SETTLED, Optional.empty()));

        assertThat(resolution).isInstanceOfSatisfying(Resolution.Refused.class,
                refused -> assertThat(refused.refusal()).isEqualTo(OperatorResolution.Refusal.ALREADY_IN_STATE));
        assertThat(operator.resolutions()).isEmpty();
    }

    @Test
    void anUnknownDisbursementIsNotFoundAndTheBankIsNotAsked() {
        DisbursementId unknown = new DisbursementId(UUID.randomUUID());

        assertThatThrownBy(() -> service.resolve(unknown, request(DisbursementStatus.SETTLED, Optional.empty())))
                .isInstanceOf(DisbursementNotFoundException.class);
        assertThat(core.partner().lookedUp()).isEmpty();
    }

    private Disbursement stored(DisbursementStatus status) {
        Disbursement initiated = TestDisbursements.initiated("resolve-" + UUID.randomUUID(), NOW.minusSeconds(600));
        Disbursement disbursement = new Disbursement(initiated.id(), initiated.request(), status,
                status == DisbursementStatus.INITIATED ? Optional.empty() : Optional.of(TRANSFER),
                status == DisbursementStatus.FAILED ? Optional.of(new Failure(Failure.NOT_SUBMITTED, "never received"))
                        : Optional.empty(),
                initiated.createdAt(), initiated.createdAt());
        core.store().put(disbursement);
        return disbursement;
    }

    private static TransferLookup bankReports(Disbursement disbursement, DisbursementStatus status) {
        return new TransferLookup.Found(status == DisbursementStatus.FAILED
                ? PartnerEvent.failed(TRANSFER, disbursement.request().amount(), new Failure("INVALID_ACCOUNT", "no such account"))
                : PartnerEvent.reported(status, TRANSFER, disbursement.request().amount()));
    }

    private static OperatorResolution request(DisbursementStatus target, Optional<String> override) {
        return new OperatorResolution(target, "abebe", "ticket OPS-7", override);
    }
}
