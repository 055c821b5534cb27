-- Append-only history of every state change: the creation (from NULL) and each transition, written in
-- the same transaction as the change itself.
CREATE TABLE disbursement_transitions (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    disbursement_id  uuid        NOT NULL REFERENCES disbursements (id),
    from_status      text
        CHECK (from_status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED', 'SETTLED', 'FAILED')),
    to_status        text        NOT NULL
        CHECK (to_status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED', 'SETTLED', 'FAILED')),
    source           text        NOT NULL CHECK (source IN ('api', 'webhook', 'poll', 'reconciler')),
    partner_event_id text,
    at               timestamptz NOT NULL,
    CONSTRAINT disbursement_transitions_changes_state CHECK (from_status IS DISTINCT FROM to_status)
);

CREATE INDEX disbursement_transitions_by_disbursement ON disbursement_transitions (disbursement_id, id);

-- History is evidence: refuse to rewrite it, whoever asks.
CREATE FUNCTION refuse_transition_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'disbursement_transitions is append-only';
END;
$$;

CREATE TRIGGER disbursement_transitions_append_only
    BEFORE UPDATE OR DELETE ON disbursement_transitions
    FOR EACH ROW EXECUTE FUNCTION refuse_transition_rewrite();
