package com.demozpay.gateway.ports.in;

import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.EventCursor;
import java.util.List;

/**
 * Follows every change of state of every disbursement, as a watcher that pulls at its own pace: it
 * starts at a cursor it was given (or at the current end), then asks for the events after the last one
 * it has taken. Any replica answers the same for the same cursor. Every method throws
 * {@link com.demozpay.gateway.ports.out.StoreUnavailableException} when the database cannot be reached.
 */
public interface WatchDisbursementsUseCase {

    /**
     * Where a watch starts: right after {@code afterCursor}, or at the current end when it is empty.
     *
     * @throws com.demozpay.gateway.domain.InvalidRequestException when the cursor is malformed or lies
     *     beyond the end of the feed (it was not handed out by a gateway on this database)
     */
    EventCursor startAfter(String afterCursor);

    /** Up to {@code limit} events after {@code cursor}, in order. */
    List<DisbursementEvent> eventsAfter(EventCursor cursor, int limit);
}
