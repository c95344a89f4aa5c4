-- Up Migration

-- The deadline as first promised to the customer. The weekly kept-on-time report counts each
-- promise in the week it was due as promised (docs/architecture.md, "Decisions"): an extension
-- moves due_at, and must not move a promise out of the week it was made for. Written once, by the
-- read model's first write of a commitment whose deadline has not moved yet (src/db/commitment-row.ts);
-- NULL when that first write came after the deadline moved, and the report then reads due_at.
ALTER TABLE commitments ADD COLUMN promised_due_at timestamptz;

-- Rows from before: where the deadline never moved, due_at is the promise; elsewhere nobody knows.
UPDATE commitments SET promised_due_at = due_at WHERE coalesce((details ->> 'deadlineNo')::int, 0) = 0;

-- The weekly report reads a range of deadlines by this expression.
CREATE INDEX commitments_promised_due_idx ON commitments ((coalesce(promised_due_at, due_at)));

-- Down Migration
DROP INDEX commitments_promised_due_idx;
ALTER TABLE commitments DROP COLUMN promised_due_at;
