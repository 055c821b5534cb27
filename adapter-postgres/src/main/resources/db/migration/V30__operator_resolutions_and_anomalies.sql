-- An operator's resolution (gateway resolve) is a transition like any other, written to the same
-- append-only log, with who did it, why, the override's reason when the bank's answer did not confirm
-- it, and what the bank answered when asked just before.
-- The source list also names 'recovery' (issue 13.3, migrations V20-V29): this migration runs after
-- those and must not take the value away again.
ALTER TABLE disbursement_transitions DROP CONSTRAINT IF EXISTS disbursement_transitions_source_check;
ALTER TABLE disbursement_transitions ADD CONSTRAINT disbursement_transitions_source_check
    CHECK (source IN ('api', 'webhook', 'poll', 'reconciler', 'recovery', 'operator'));

ALTER TABLE disbursement_transitions
    ADD COLUMN operator        text,
    ADD COLUMN reason          text,
    ADD COLUMN override_reason text,
    ADD COLUMN bank_answer     text;

ALTER TABLE disbursement_transitions ADD CONSTRAINT disbursement_transitions_operator_audited
    CHECK ((source = 'operator') = (operator IS NOT NULL AND reason IS NOT NULL AND bank_answer IS NOT NULL));

-- Every anomaly met (the bank contradicting what we know), until an operator resolves it. One open row
-- per disbursement and kind: the reconciler meets the same one on every pass, and counts it here.
CREATE TABLE disbursement_anomalies (
    id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    disbursement_id        uuid        NOT NULL REFERENCES disbursements (id),
    kind                   text        NOT NULL CHECK (kind IN ('CONFLICTING_FINAL', 'AMOUNT_MISMATCH',
                                           'PARTNER_REFERENCE_MISMATCH', 'TRANSFER_MISSING_AT_PARTNER')),
    detail                 text        NOT NULL,
    source                 text        NOT NULL,
    detected_at            timestamptz NOT NULL,
    last_seen_at           timestamptz NOT NULL,
    times_seen             integer     NOT NULL DEFAULT 1,
    resolved_at            timestamptz,
    resolved_by_transition bigint      REFERENCES disbursement_transitions (id),
    CONSTRAINT disbursement_anomalies_resolved_by_a_transition
        CHECK ((resolved_at IS NULL) = (resolved_by_transition IS NULL))
);

CREATE UNIQUE INDEX disbursement_anomalies_open ON disbursement_anomalies (disbursement_id, kind)
    WHERE resolved_at IS NULL;
