package com.demozpay.gateway.adapter.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.Argument;

/**
 * Instants to and from {@code timestamptz}, which holds microseconds. Every instant is truncated to
 * microseconds before it is written (PostgreSQL would round), so what is read back equals what was
 * written, and equals {@link #micros} of what the caller passed in.
 */
final class Timestamps {

    private Timestamps() {
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Bound as an offset date-time in UTC: no JVM time zone takes part. */
    static Argument argument(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
        return (position, statement, context) -> statement.setObject(position, value);
    }

    static Instant read(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
