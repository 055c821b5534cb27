package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A place in the disbursement event feed: the position of the last event a watcher has seen. Positions
 * grow by one per event in the order the feed delivers them, the same on every replica, so a cursor
 * handed out by one replica resumes on any other. On the wire it is the opaque string {@code v1-<position>};
 * {@link #START} ({@code v1-0}) is before the first event ever recorded.
 */
public record EventCursor(long position) implements Comparable<EventCursor> {

    public static final EventCursor START = new EventCursor(0);

    private static final String PREFIX = "v1-";
    private static final Pattern WIRE_FORM = Pattern.compile("v1-(0|[1-9][0-9]{0,18})");

    public EventCursor {
        if (position < 0) {
            throw new IllegalArgumentException("a feed position is never negative: " + position);
        }
    }

    /**
     * Reads a cursor this gateway handed out.
     *
     * @throws InvalidRequestException naming {@code field} when {@code text} is not one
     */
    public static EventCursor parse(String text, String field) {
        if (text == null || !WIRE_FORM.matcher(text).matches()) {
            throw InvalidRequestException.of(field, "must be a cursor this gateway sent (v1-<digits>), as received");
        }
        try {
            return new EventCursor(Long.parseLong(text.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(field, "must be a cursor this gateway sent (v1-<digits>), as received");
        }
    }

    @Override
    public int compareTo(EventCursor other) {
        return Long.compare(position, other.position);
    }

    /** The wire form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return PREFIX + position;
    }
}
