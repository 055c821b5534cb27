-- How often the reconciler has resent a SUBMITTED disbursement the bank had no record of. Counted in the
-- row, not in a replica's memory, so that the limit (GATEWAY_RECONCILE_MAX_RESUBMITS) holds across
-- restarts and replicas. Adding a column with a constant default rewrites no rows.
ALTER TABLE disbursements
    ADD COLUMN resubmits integer NOT NULL DEFAULT 0 CONSTRAINT disbursements_resubmits_not_negative CHECK (resubmits >= 0);
