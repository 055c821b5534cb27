package com.demozpay.gateway.ports.service;

import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.ports.in.WatchDisbursementsUseCase;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.DisbursementEventFeed;
import com.demozpay.gateway.ports.out.EventCursor;
import java.util.List;
import java.util.Objects;

/** Reads the feed for a watcher; the only rule of its own is which cursors a watch may start from. */
public final class WatchDisbursementsService implements WatchDisbursementsUseCase {

    static final String CURSOR_FIELD = "after_cursor";

    private final DisbursementEventFeed feed;

    public WatchDisbursementsService(DisbursementEventFeed feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    @Override
    public EventCursor startAfter(String afterCursor) {
        if (afterCursor == null || afterCursor.isEmpty()) {
            return feed.end();
        }
        EventCursor cursor = EventCursor.parse(afterCursor, CURSOR_FIELD);
        // A cursor past the end was never handed out here (another database, or a typo): waiting for
        // the feed to reach it would silently skip every event before it.
        if (cursor.compareTo(feed.end()) > 0) {
            throw InvalidRequestException.of(CURSOR_FIELD, "is beyond the end of this gateway's event feed");
        }
        return cursor;
    }

    @Override
    public List<DisbursementEvent> eventsAfter(EventCursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return feed.readAfter(Objects.requireNonNull(cursor, "cursor"), limit);
    }
}
