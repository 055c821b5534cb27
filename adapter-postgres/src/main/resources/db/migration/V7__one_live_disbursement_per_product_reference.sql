-- One live disbursement per (product, product_reference): two idempotency keys for one EWA request or
-- loan would otherwise both pay. A FAILED one no longer holds its reference, so the request can be paid
-- again under a new key. The unique index is what makes this race-safe across replicas: two concurrent
-- inserts for one reference cannot both commit. If this migration fails with a duplicate key, live
-- duplicates already exist: see docs/runbook.md ("One live disbursement per product reference").
CREATE UNIQUE INDEX disbursements_live_product_reference_key
    ON disbursements (product, product_reference) WHERE status <> 'FAILED';
