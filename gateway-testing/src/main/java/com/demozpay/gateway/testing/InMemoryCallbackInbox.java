package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.ports.in.CallbackOutcome;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.VerifiedCallback;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CallbackInbox} in memory, for tests only; it passes {@code CallbackInboxContract}. */
public final class InMemoryCallbackInbox implements CallbackInbox {

    /** One inbox row; {@code outcome} stays empty until the callback is processed. */
    public record Entry(VerifiedCallback callback, byte[] rawBody, Instant receivedAt,
            Optional<CallbackOutcome> outcome, Optional<DisbursementId> matched) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    @Override
    public synchronized Receipt receive(VerifiedCallback callback, byte[] rawBody, Instant receivedAt) {
        Entry existing = entries.get(callback.eventId());
        if (existing == null) {
            entries.put(callback.eventId(), new Entry(callback, rawBody.clone(), receivedAt, Optional.empty(), Optional.empty()));
            return new Receipt.ToProcess();
        }
        return existing.outcome().<Receipt>map(Receipt.AlreadyProcessed::new).orElseGet(Receipt.ToProcess::new);
    }

    @Override
    public synchronized void markProcessed(String eventId, CallbackOutcome outcome, Optional<DisbursementId> matched,
            Instant at) {
        Entry entry = entries.get(eventId);
        if (entry == null) {
            throw new IllegalArgumentException("no callback received with event id " + eventId);
        }
        if (entry.outcome().isPresent()) {
            return; // the first outcome recorded is kept
        }
        entries.put(eventId, new Entry(entry.callback(), entry.rawBody(), entry.receivedAt(), Optional.of(outcome), matched));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }
}
