-- Every verified callback from the bank, by its event id (the bank re-sends the same id when it
-- retries). A row stays unprocessed until its outcome is known; unmatched callbacks are kept for
-- reconciliation.
CREATE TABLE callback_inbox (
    event_id                text        PRIMARY KEY,
    reference               text        NOT NULL,
    reported_status         text        NOT NULL
        CHECK (reported_status IN ('SUBMITTED', 'ACCEPTED', 'SETTLED', 'FAILED')),
    partner_reference       text,
    occurred_at             timestamptz NOT NULL,
    raw_payload             bytea       NOT NULL,
    received_at             timestamptz NOT NULL,
    processed_at            timestamptz,
    outcome                 text
        CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'NO_CHANGE', 'ANOMALY', 'UNMATCHED')),
    matched_disbursement_id uuid        REFERENCES disbursements (id),
    CONSTRAINT callback_inbox_outcome_when_processed CHECK ((processed_at IS NULL) = (outcome IS NULL))
);

-- What the bank told us about a reference, matched or not.
CREATE INDEX callback_inbox_by_reference ON callback_inbox (reference);

-- Callbacks received but never processed (the gateway died in between): few, and worth finding.
CREATE INDEX callback_inbox_unprocessed ON callback_inbox (received_at) WHERE processed_at IS NULL;
