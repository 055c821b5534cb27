package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.ports.in.RawCallback;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Clock;
import java.util.Optional;

/**
 * Verify, then record and apply in one atomic step of the inbox ({@link CallbackInbox#process}): a crash
 * at any point leaves nothing behind, so the bank's retry is processed whole. A repeat of a processed event
 * is {@code DUPLICATE}, except one that matched nothing: it stays {@code UNMATCHED}, answered as before. The
 * observer hears what was committed, after the commit.
 */
public final class HandlePartnerCallbackService implements HandlePartnerCallbackUseCase {

    private final PartnerCallbackVerifier verifier;
    private final CallbackInbox inbox;
    private final Clock clock;
    private final DisbursementObserver observer;

    public HandlePartnerCallbackService(PartnerCallbackVerifier verifier, CallbackInbox inbox, Clock clock,
            DisbursementObserver observer) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.clock = clock;
        this.observer = observer;
    }

    @Override
    public CallbackOutcome handle(RawCallback raw) {
        VerifiedCallback callback = verifier.verify(raw);
        CallbackInbox.Receipt receipt = inbox.process(callback, raw.body(), clock.instant(),
                parseReference(callback.reference()), disbursement -> disbursement.decide(callback.event()));
        if (receipt instanceof CallbackInbox.Receipt.AlreadyProcessed seen) {
            // A repeated unmatched callback is answered as the first one was (202): the reference is still unknown.
            return seen.outcome() == CallbackOutcome.UNMATCHED ? CallbackOutcome.UNMATCHED : CallbackOutcome.DUPLICATE;
        }
        CallbackInbox.Receipt.Processed processed = (CallbackInbox.Receipt.Processed) receipt;
        processed.applied().ifPresent(applied -> tell(applied, TransitionCause.callback(callback.eventId())));
        return processed.outcome();
    }

    private void tell(CallbackInbox.Applied applied, TransitionCause cause) {
        if (applied.decision() instanceof Decision.Transition) {
            observer.transitioned(applied.before(), applied.after(), cause);
        } else if (applied.decision() instanceof Decision.Anomaly anomaly) {
            observer.anomaly(applied.before(), anomaly, cause);
        }
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
