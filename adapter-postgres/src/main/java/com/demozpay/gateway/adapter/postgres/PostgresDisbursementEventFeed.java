package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.DisbursementEvent;
import com.demozpay.gateway.ports.out.DisbursementEventFeed;
import com.demozpay.gateway.ports.out.EventCursor;
import java.util.List;
import javax.sql.DataSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link DisbursementEventFeed} on the {@code disbursement_transitions} log, served alike by every
 * replica. The log's ids cannot be the cursor: they are drawn at insert time and transactions commit in
 * another order, so a reader past id 6 would never see an id 5 committed later. Instead each committed
 * row gets a {@code feed_position} after the fact, from the reader's side: a numbering transaction takes
 * a transaction-scoped advisory lock (one at a time across all replicas; one that finds it taken leaves
 * the work to its holder), numbers every committed unnumbered row after the highest position, in id
 * order, and commits. Positions therefore become visible in increasing order, and a reader that has seen
 * position p will only ever find new rows above p.
 *
 * <p>Each disbursement's changes keep their order because the store writes a change's log row after
 * taking that disbursement's row lock, which it holds to commit: a later change of the same
 * disbursement draws a higher id, and it can only be committed (and so numbered) once the earlier one
 * was. Writers pay nothing for the feed: no extra statement, no shared counter, no extra transaction.
 */
public final class PostgresDisbursementEventFeed implements DisbursementEventFeed {

    /** "demozfee" in ASCII: the key of the advisory lock that serializes numbering across replicas. */
    static final long NUMBERING_LOCK = 0x64656d6f7a666565L;
    static final int NUMBERING_BATCH = 1_000;
    /** Many watchers on one replica share a numbering run: one is enough in this time. */
    private static final long NUMBER_AT_MOST_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final String NUMBER = """
            WITH pending AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n
                  FROM (SELECT id FROM disbursement_transitions
                         WHERE feed_position IS NULL ORDER BY id LIMIT :limit) oldest
            ), last AS (
                SELECT coalesce(max(feed_position), 0) AS position FROM disbursement_transitions
            )
            UPDATE disbursement_transitions t
               SET feed_position = last.position + pending.n
              FROM pending, last
             WHERE t.id = pending.id
            """;

    // The disbursement as it stands, with the status and time of this change; failure fields belong
    // to FAILED only, which is final, so for any other change they are those of no failure.
    private static final String READ = """
            SELECT t.feed_position, t.from_status, t.to_status AS status, t.at AS updated_at,
                   d.id, d.idempotency_key, d.product, d.product_reference, d.amount_minor, d.currency,
                   d.account_number, d.account_name, d.narrative, d.partner_reference, d.created_at,
                   CASE WHEN t.to_status = 'FAILED' THEN d.failure_code END AS failure_code,
                   CASE WHEN t.to_status = 'FAILED' THEN d.failure_message END AS failure_message
              FROM disbursement_transitions t
              JOIN disbursements d ON d.id = t.disbursement_id
             WHERE t.feed_position > :after
             ORDER BY t.feed_position
             LIMIT :limit
            """;

    private final JdbiCalls calls;
    private final AtomicLong lastNumberedAt = new AtomicLong(System.nanoTime() - NUMBER_AT_MOST_EVERY_NANOS);

    public PostgresDisbursementEventFeed(DataSource dataSource) {
        this.calls = new JdbiCalls(dataSource);
    }

    @Override
    public EventCursor end() {
        // A backlog (no watcher for a while) is numbered whole, so that the end is the end.
        int numbered;
        do {
            numbered = numberPending();
        } while (numbered == NUMBERING_BATCH);
        return new EventCursor(calls.repeatable("read event feed end", handle -> handle
                .createQuery("SELECT coalesce(max(feed_position), 0) FROM disbursement_transitions")
                .mapTo(Long.class)
                .one()));
    }

    @Override
    public List<DisbursementEvent> readAfter(EventCursor after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        // Numbered in a transaction of its own: a position read before its numbering commits could be
        // handed out and then rolled back.
        long last = lastNumberedAt.get();
        long now = System.nanoTime();
        if (now - last >= NUMBER_AT_MOST_EVERY_NANOS && lastNumberedAt.compareAndSet(last, now)) {
            numberPending();
        }
        return calls.repeatable("read event feed", handle -> handle.createQuery(READ)
                .bind("after", after.position())
                .bind("limit", limit)
                .map((row, context) -> new DisbursementEvent(
                        new EventCursor(row.getLong("feed_position")),
                        DisbursementRowMapper.INSTANCE.map(row, context),
                        Optional.ofNullable(row.getString("from_status")).map(DisbursementStatus::valueOf)))
                .list());
    }

    /** Numbers up to a batch of committed rows, unless another reader is numbering; returns how many. */
    int numberPending() {
        return calls.inTransaction("number event feed", handle -> {
            boolean locked = handle.createQuery("SELECT pg_try_advisory_xact_lock(:key)")
                    .bind("key", NUMBERING_LOCK)
                    .mapTo(Boolean.class)
                    .one();
            return locked ? handle.createUpdate(NUMBER).bind("limit", NUMBERING_BATCH).execute() : 0;
        });
    }
}
