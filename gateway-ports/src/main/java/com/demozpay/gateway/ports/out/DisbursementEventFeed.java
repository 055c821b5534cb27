package com.demozpay.gateway.ports.out;

import java.util.List;

/**
 * Every change of state of every disbursement, read from the durable transition log that all replicas
 * share, in one order that keeps each disbursement's changes in the order they happened. Once an event
 * is readable at a cursor it stays there, and no event ever appears before a cursor already handed out,
 * however the writers' transactions interleave: reading after a cursor never skips and never repeats.
 * Every method may throw {@link StoreUnavailableException}.
 */
public interface DisbursementEventFeed {

    /** The cursor of the last event recorded so far ({@link EventCursor#START} when there is none). */
    EventCursor end();

    /** Up to {@code limit} events after {@code after}, in feed order; empty when there is none yet. */
    List<DisbursementEvent> readAfter(EventCursor after, int limit);
}
