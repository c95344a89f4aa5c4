-- Up Migration

-- Callback attempts as fact columns (issue 24): how many were logged, and how many did not get
-- through (every outcome but `reached`). The summary report counts attempts per kept promise and
-- the unreachable rate (tried, never reached) from these, as it counts everything else from fact
-- columns (docs/architecture.md, "Reports are one aggregate over fact columns"): never by opening
-- `details` for every row of a two-year range, and whatever retention later does to the attempts'
-- notes. Written by the read model's writer from the state's `attempts` (src/db/commitment-row.ts).
ALTER TABLE commitments
  ADD COLUMN attempt_count integer NOT NULL DEFAULT 0,
  ADD COLUMN failed_attempt_count integer NOT NULL DEFAULT 0;

-- Rows from before: counted from the attempts their details already hold.
UPDATE commitments
SET attempt_count = jsonb_array_length(details -> 'attempts'),
    failed_attempt_count = (SELECT count(*) FROM jsonb_array_elements(details -> 'attempts') a WHERE a ->> 'outcome' IS DISTINCT FROM 'reached')
WHERE jsonb_typeof(details -> 'attempts') = 'array' AND jsonb_array_length(details -> 'attempts') > 0;

-- Down Migration
ALTER TABLE commitments DROP COLUMN failed_attempt_count, DROP COLUMN attempt_count;
