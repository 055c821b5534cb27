package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementStore.TransitionResult;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link CallbackInbox} in memory beside an {@link InMemoryDisbursementStore}, for tests only; it passes
 * {@code CallbackInboxContract}. {@link #process} holds the store's lock throughout, so no other writer moves
 * the disbursement meanwhile, and keeps the entry only once the transition is stored: a store failure
 * ({@link InMemoryDisbursementStore#failNextCalls}) leaves neither, as a rolled-back transaction would.
 */
public final class InMemoryCallbackInbox implements CallbackInbox {

    /** One processed callback. */
    public record Entry(VerifiedCallback callback, byte[] rawBody, Instant receivedAt, CallbackOutcome outcome,
            Optional<DisbursementId> matched) {
    }

    private final InMemoryDisbursementStore store;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public InMemoryCallbackInbox(InMemoryDisbursementStore store) {
        this.store = store;
    }

    @Override
    public Receipt process(VerifiedCallback callback, byte[] rawBody, Instant receivedAt,
            Optional<DisbursementId> target, Function<Disbursement, Decision> decide) {
        synchronized (store) {
            synchronized (this) {
                Entry seen = entries.get(callback.eventId());
                if (seen != null) {
                    return new Receipt.AlreadyProcessed(seen.outcome());
                }
                Receipt.Processed processed = new Receipt.Processed(target.flatMap(store::findById)
                        .map(before -> apply(before, decide.apply(before), callback, receivedAt)));
                entries.put(callback.eventId(), new Entry(callback, rawBody.clone(), receivedAt, processed.outcome(),
                        processed.applied().map(a -> a.before().id())));
                return processed;
            }
        }
    }

    private Applied apply(Disbursement before, Decision decision, VerifiedCallback callback, Instant at) {
        if (!(decision instanceof Decision.Transition transition)) {
            return new Applied(before, decision, before);
        }
        TransitionResult result = store.transition(before.id(), transition, TransitionCause.callback(callback.eventId()), at);
        if (!(result instanceof TransitionResult.Applied moved)) {
            throw new IllegalStateException("disbursement " + before.id() + " moved under the store's lock: " + result);
        }
        return new Applied(before, decision, moved.after());
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }
}
