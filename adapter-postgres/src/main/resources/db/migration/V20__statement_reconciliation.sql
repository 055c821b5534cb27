-- Statement reconciliation (docs/runbook.md, "Daily statement reconciliation"): each run, every item it
-- classified, and the one-run-per-day claim of the gateway's own schedule.
CREATE TABLE reconciliation_runs (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement_date date        NOT NULL,
    origin         text        NOT NULL CHECK (origin IN ('bank', 'file', 'schedule')),
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    items          integer     NOT NULL,
    discrepancies  integer     NOT NULL
);

CREATE INDEX reconciliation_runs_by_date ON reconciliation_runs (statement_date, id);

CREATE TABLE reconciliation_items (
    run_id            bigint  NOT NULL REFERENCES reconciliation_runs (id),
    classification    text    NOT NULL CHECK (classification IN ('MATCHED', 'PENDING', 'MISSING_AT_BANK',
                                                 'UNKNOWN_TO_US', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH')),
    reference         text    NOT NULL,
    bank_transfer_id  text,
    bank_amount_minor bigint,
    bank_currency     text,
    bank_status       text,
    our_amount_minor  bigint,
    our_currency      text,
    our_status        text,
    detail            text    NOT NULL,
    PRIMARY KEY (run_id, reference)
);

CREATE INDEX reconciliation_items_discrepancies ON reconciliation_items (reference)
    WHERE classification NOT IN ('MATCHED', 'PENDING');

-- One row per statement date claimed by a replica's daily run: the primary key lets exactly one
-- replica in; a run that failed is claimed again once claimed_at is old enough.
CREATE TABLE scheduled_reconciliations (
    statement_date date        PRIMARY KEY,
    claimed_at     timestamptz NOT NULL,
    run_id         bigint      REFERENCES reconciliation_runs (id)
);

-- Reconciliation reads the day's disbursements by creation time.
CREATE INDEX disbursements_by_created_at ON disbursements (created_at);

-- Unmatched callbacks are kept for reconciliation; find a day's quickly.
CREATE INDEX callback_inbox_unmatched ON callback_inbox (received_at) WHERE outcome = 'UNMATCHED';
