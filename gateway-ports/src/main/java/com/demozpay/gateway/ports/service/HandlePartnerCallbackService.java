package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Clock;
import java.util.Optional;

/**
 * Verify, record in the inbox, apply, mark processed. The inbox row is written before the state
 * changes and marked processed after: a crash in between leaves it unprocessed, so the bank's retry
 * applies it then (the compare-and-set makes applying twice harmless). A repeat of a processed event is
 * {@code DUPLICATE}, except one that matched nothing: it stays {@code UNMATCHED}, answered as before.
 */
public final class HandlePartnerCallbackService implements HandlePartnerCallbackUseCase {

    private final PartnerCallbackVerifier verifier;
    private final CallbackInbox inbox;
    private final DisbursementStore store;
    private final Clock clock;
    private final TransitionRecorder recorder;

    public HandlePartnerCallbackService(PartnerCallbackVerifier verifier, CallbackInbox inbox, DisbursementStore store,
            Clock clock, DisbursementObserver observer) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.store = store;
        this.clock = clock;
        this.recorder = new TransitionRecorder(store, observer, clock);
    }

    @Override
    public CallbackOutcome handle(RawCallback raw) {
        VerifiedCallback callback = verifier.verify(raw);
        if (inbox.receive(callback, raw.body(), clock.instant()) instanceof CallbackInbox.Receipt.AlreadyProcessed seen) {
            // A repeated unmatched callback is answered as the first one was (202): the reference is still unknown.
            return seen.outcome() == CallbackOutcome.UNMATCHED ? CallbackOutcome.UNMATCHED : CallbackOutcome.DUPLICATE;
        }
        Optional<Disbursement> target = parseReference(callback.reference()).flatMap(store::findById);
        CallbackOutcome outcome = target.map(d -> apply(d, callback)).orElse(CallbackOutcome.UNMATCHED);
        inbox.markProcessed(callback.eventId(), outcome, target.map(Disbursement::id), clock.instant());
        return outcome;
    }

    private CallbackOutcome apply(Disbursement disbursement, VerifiedCallback callback) {
        Decision decision = recorder.record(disbursement, d -> d.decide(callback.event()),
                TransitionCause.callback(callback.eventId())).decision();
        if (decision instanceof Decision.Transition) {
            return CallbackOutcome.APPLIED;
        }
        return decision instanceof Decision.Anomaly ? CallbackOutcome.ANOMALY : CallbackOutcome.NO_CHANGE;
    }

    /** The bank echoes our id as the reference; anything that is not one of our ids matches nothing. */
    private static Optional<DisbursementId> parseReference(String reference) {
        try {
            return Optional.of(DisbursementId.parse(reference, "reference"));
        } catch (InvalidRequestException notAnId) {
            return Optional.empty();
        }
    }
}
