-- Up Migration

-- Times the customer moved the time on their own page (issue 24), as a fact column: the summary
-- report counts these apart from extensions, from fact columns as it counts everything else
-- (docs/architecture.md, "Reports are one aggregate over fact columns"). Written by the read
-- model's writer from the state's facts.customerMoves (src/db/commitment-row.ts).
ALTER TABLE commitments ADD COLUMN customer_moves integer NOT NULL DEFAULT 0;

-- Rows from before: counted from the facts their details already hold.
UPDATE commitments SET customer_moves = (details -> 'facts' ->> 'customerMoves')::int
WHERE jsonb_typeof(details -> 'facts' -> 'customerMoves') = 'number';

-- Down Migration
ALTER TABLE commitments DROP COLUMN customer_moves;
