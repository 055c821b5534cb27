-- One row per payout: the single source of truth, shared by every gateway replica.
-- Statuses and sources are text with CHECK constraints rather than enum types, so that adding a value
-- later is a plain new migration.
CREATE TABLE disbursements (
    id                uuid        PRIMARY KEY,
    idempotency_key   text        NOT NULL,
    product           text        NOT NULL CHECK (product IN ('EWA', 'LOAN')),
    product_reference text        NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor > 0),
    currency          text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    account_number    text        NOT NULL,
    account_name      text        NOT NULL,
    narrative         text,
    status            text        NOT NULL
        CHECK (status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED', 'SETTLED', 'FAILED')),
    partner_reference text,
    failure_code      text,
    failure_message   text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- Set by a replica that claimed the disbursement to ask the bank about it; see claimStale.
    claimed_until     timestamptz,
    CONSTRAINT disbursements_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT disbursements_failure_only_when_failed CHECK ((status = 'FAILED') = (failure_code IS NOT NULL)),
    CONSTRAINT disbursements_failure_message_with_code CHECK ((failure_code IS NULL) = (failure_message IS NULL))
);

-- The bank's transfer id is unique once known; most rows do not have one for long, or at all.
CREATE UNIQUE INDEX disbursements_partner_reference_key
    ON disbursements (partner_reference) WHERE partner_reference IS NOT NULL;

-- The stale-disbursement scan: open rows by status, oldest change first. Final rows, the vast
-- majority, stay out of the index.
CREATE INDEX disbursements_open_by_status_updated
    ON disbursements (status, updated_at) WHERE status IN ('INITIATED', 'SUBMITTED', 'ACCEPTED');
