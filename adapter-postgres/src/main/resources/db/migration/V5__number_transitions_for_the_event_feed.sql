-- The disbursement event feed (WatchDisbursements) delivers the transition log in the order of
-- feed_position. Writers leave it NULL and pay nothing more; a feed reader numbers committed rows
-- later, one numbering transaction at a time, so positions become visible in order and a position
-- once seen never gets an earlier neighbour. See PostgresDisbursementEventFeed.
ALTER TABLE disbursement_transitions ADD COLUMN feed_position bigint;

-- Partial, so that a new (unnumbered) log row adds no entry here.
CREATE UNIQUE INDEX disbursement_transitions_by_feed_position ON disbursement_transitions (feed_position)
    WHERE feed_position IS NOT NULL;

-- Rows waiting for their number: few at any time, so a small partial index finds them.
CREATE INDEX disbursement_transitions_unnumbered ON disbursement_transitions (id) WHERE feed_position IS NULL;

-- History is still evidence: the one change allowed is giving a row its feed position, once.
CREATE OR REPLACE FUNCTION refuse_transition_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.feed_position IS NULL AND NEW.feed_position IS NOT NULL
            AND (to_jsonb(NEW) - 'feed_position') = (to_jsonb(OLD) - 'feed_position') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'disbursement_transitions is append-only';
END;
$$;
