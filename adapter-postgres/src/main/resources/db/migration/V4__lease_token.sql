-- The lease on a disbursement (ports.out.Lease): claimed_until is when it expires, on the database's clock;
-- lease_token counts the leases ever taken on the row, so a holder releases only its own lease, never one
-- taken after its own expired. Existing rows start at 0; the first lease takes 1.
ALTER TABLE disbursements ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;
