-- Recovery after data loss (docs/runbook.md, "Recovering after the database is lost"): transfers the
-- bank holds under one of our ids that a restored (older) database no longer has, recreated from the
-- bank's statement. The statement has no idempotency key, product or beneficiary, so a recovered
-- transfer waits here, pending review, until a retry whose key derives the same id claims it: then it
-- becomes a disbursement (recovered_at set, creation logged with source 'recovery').
CREATE TABLE recovered_transfers (
    id                uuid        PRIMARY KEY,
    transfer_id       text        NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
    currency          text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status            text        NOT NULL CHECK (status IN ('SUBMITTED', 'ACCEPTED', 'SETTLED', 'FAILED')),
    failure_code      text,
    value_date        date        NOT NULL,
    recovered_at      timestamptz NOT NULL,
    -- Set when a retry claimed it; the disbursement with this id then holds the request.
    claimed_at        timestamptz
);

CREATE INDEX recovered_transfers_by_value_date ON recovered_transfers (value_date);

-- A disbursement made from a recovered transfer: pending review until someone has looked at it.
ALTER TABLE disbursements ADD COLUMN recovered_at timestamptz;

ALTER TABLE disbursement_transitions DROP CONSTRAINT IF EXISTS disbursement_transitions_source_check;
ALTER TABLE disbursement_transitions ADD CONSTRAINT disbursement_transitions_source_check
    CHECK (source IN ('api', 'webhook', 'poll', 'reconciler', 'recovery'));
