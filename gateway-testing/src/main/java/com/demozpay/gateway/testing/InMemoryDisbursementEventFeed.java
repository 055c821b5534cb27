package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.DisbursementEventFeed;
import com.demozpay.gateway.ports.out.EventCursor;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DisbursementEventFeed} over an {@link InMemoryDisbursementStore}'s transition log, for tests
 * only: the n-th logged change is the event at position n. The store is synchronized, so its log has
 * one order and nothing can appear behind a position already read. {@link #failNextCalls} simulates an
 * unreachable database.
 */
public final class InMemoryDisbursementEventFeed implements DisbursementEventFeed {

    private final InMemoryDisbursementStore store;
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public InMemoryDisbursementEventFeed(InMemoryDisbursementStore store) {
        this.store = store;
    }

    @Override
    public EventCursor end() {
        maybeFail();
        return new EventCursor(store.log().size());
    }

    @Override
    public List<DisbursementEvent> readAfter(EventCursor after, int limit) {
        maybeFail();
        List<InMemoryDisbursementStore.LoggedTransition> log = store.log();
        List<DisbursementEvent> events = new ArrayList<>();
        for (long position = after.position() + 1; position <= log.size() && events.size() < limit; position++) {
            InMemoryDisbursementStore.LoggedTransition change = log.get((int) position - 1);
            Disbursement now = store.findById(change.id()).orElseThrow();
            // As the PostgreSQL feed does: the disbursement as it stands, with this change's status and time.
            Disbursement atChange = new Disbursement(now.id(), now.request(), change.to(), now.partnerReference(),
                    change.to() == DisbursementStatus.FAILED ? now.failure() : Optional.empty(),
                    now.createdAt(), change.at());
            events.add(new DisbursementEvent(new EventCursor(position), atChange, Optional.ofNullable(change.from())));
        }
        return events;
    }

    /** The next {@code count} calls throw {@link StoreUnavailableException}. */
    public void failNextCalls(int count) {
        failuresLeft.set(count);
    }

    private void maybeFail() {
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new StoreUnavailableException("in-memory feed told to fail", null);
        }
    }
}
