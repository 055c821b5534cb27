package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementDraft;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerEvent;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import com.demozpay.gateway.ports.DisbursementGateway;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.demozpay.gateway.testing.InMemoryCallbackInbox;
import com.demozpay.gateway.testing.InMemoryDisbursementStore;
import com.demozpay.gateway.testing.InMemoryGateway;
import com.demozpay.gateway.testing.MutableClock;
import com.demozpay.gateway.testing.ScriptedPartnerClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-memory ports, wired by the same builder the app wires the real ones with, plus sample requests and
 * bank events. A test that needs another partner or policy changes it on {@link #gateway()}.
 */
class UseCaseFixture {

    static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    static final long AMOUNT_MINOR = 2_500_00;
    static final Money AMOUNT = Money.etb(AMOUNT_MINOR);
    static final PartnerReference TRANSFER = new PartnerReference("DSH-7781");
    static final Failure INVALID_ACCOUNT = new Failure("INVALID_ACCOUNT", "account does not exist");
    static final DisbursementLimits LIMITS = new DisbursementLimits(100_000_00);
    /** The one lease the submit and the reconciler take, and how much of it a bank call needs. */
    static final LeasePolicy LEASE = InMemoryGateway.LEASE;
    static final Duration INITIATED_AFTER = Duration.ofMinutes(15);
    static final Duration IN_FLIGHT_AFTER = Duration.ofMinutes(5);

    private final InMemoryGateway core = new InMemoryGateway(START);
    final MutableClock clock = core.clock();
    final InMemoryDisbursementStore store = core.store();
    final ScriptedPartnerClient partner = core.partner();
    final InMemoryCallbackInbox inbox = core.inbox();
    final RecordingObserver observer = new RecordingObserver();

    static DisbursementDraft draft(String key) {
        return new DisbursementDraft(key, Product.LOAN, "loan-" + key, AMOUNT_MINOR, "ETB", "1000200030004",
                "Tigist Alemu", "loan payout");
    }

    static DisbursementDraft draftWithAmount(String key, long amountMinor) {
        DisbursementDraft d = draft(key);
        return new DisbursementDraft(d.idempotencyKey(), d.product(), d.productReference(), amountMinor, d.currency(),
                d.accountNumber(), d.accountName(), d.narrative());
    }

    static PartnerEvent bankReports(DisbursementStatus status) {
        return status == DisbursementStatus.FAILED
                ? PartnerEvent.failed(TRANSFER, AMOUNT, INVALID_ACCOUNT)
                : PartnerEvent.reported(status, TRANSFER, AMOUNT);
    }

    /** The core on the fixture's ports, hearing {@link #observer}; no callback verifier unless a test sets one. */
    DisbursementGateway.Builder gateway() {
        return core.builder()
                .limits(LIMITS)
                .observer(observer)
                .reconcilePolicy(reconcilePolicy(10));
    }

    static ReconcilePolicy reconcilePolicy(int batchSize) {
        return new ReconcilePolicy(INITIATED_AFTER, IN_FLIGHT_AFTER, batchSize);
    }

    /**
     * Puts a disbursement straight into the store in {@code status}, last changed at {@code updatedAt}; it
     * holds the bank's transfer id when {@code withTransfer}.
     */
    Disbursement stored(String key, DisbursementStatus status, boolean withTransfer, Instant updatedAt) {
        DisbursementRequest request = draft(key).validate(LIMITS);
        Disbursement initiated = Disbursement.initiate(
                DisbursementId.derive(request.product(), request.idempotencyKey()), request, updatedAt);
        Optional<Failure> failure = status == DisbursementStatus.FAILED ? Optional.of(INVALID_ACCOUNT) : Optional.empty();
        Disbursement disbursement = new Disbursement(initiated.id(), initiated.request(), status,
                withTransfer ? Optional.of(TRANSFER) : Optional.empty(), failure, updatedAt, updatedAt);
        store.put(disbursement);
        return disbursement;
    }

    /** The scripted bank, except that a lookup is answered by {@code lookup}: to act in the middle of one. */
    PartnerClient bankLookingUpWith(Function<DisbursementId, TransferLookup> lookup) {
        return new PartnerClient() {
            @Override
            public PartnerOutcome submit(Disbursement disbursement) {
                return partner.submit(disbursement);
            }

            @Override
            public TransferLookup lookup(DisbursementId reference) {
                return lookup.apply(reference);
            }
        };
    }

    Disbursement current(Disbursement disbursement) {
        return store.findById(disbursement.id()).orElseThrow();
    }
}
