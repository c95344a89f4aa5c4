-- Up Migration

-- Append-only history of each commitment. `event_id` is `<commitment id>:<sequence>`, assigned by
-- the workflow, so a retried or replayed write inserts nothing twice.
CREATE TABLE commitment_events (
  event_id      text PRIMARY KEY,
  commitment_id text NOT NULL,
  seq           integer NOT NULL,
  type          text NOT NULL,
  at            timestamptz NOT NULL,
  detail        text NOT NULL,
  data          jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (commitment_id, seq)
);

-- Events written before this migration lived in commitments.timeline; move them over.
INSERT INTO commitment_events (event_id, commitment_id, seq, type, at, detail)
SELECT c.id || ':' || (e.ordinality - 1), c.id, e.ordinality - 1, e.value ->> 'type', (e.value ->> 'at')::timestamptz, e.value ->> 'detail'
FROM commitments c, jsonb_array_elements(c.timeline) WITH ORDINALITY AS e(value, ordinality)
ON CONFLICT DO NOTHING;
ALTER TABLE commitments DROP COLUMN timeline;

-- Columns the queues and reports filter and group on, kept in step with the JSON they come from.
ALTER TABLE commitments
  ADD COLUMN owner_id       text GENERATED ALWAYS AS (owner ->> 'id') STORED,
  ADD COLUMN customer_phone text GENERATED ALWAYS AS (customer ->> 'phone') STORED,
  ADD COLUMN customer_email text GENERATED ALWAYS AS (lower(customer ->> 'email')) STORED,
  ADD COLUMN trigger        text GENERATED ALWAYS AS (log ->> 'trigger') STORED,
  ADD COLUMN root_cause     text GENERATED ALWAYS AS (log ->> 'rootCause') STORED,
  -- Outcome facts for the reports; NULL until they happen. "First" because a reopened commitment
  -- is fulfilled again, and the kept-on-time rate counts the promise as first made.
  ADD COLUMN first_fulfilled_at      timestamptz,
  ADD COLUMN first_fulfilled_on_time boolean,
  ADD COLUMN lapsed_at        timestamptz,
  ADD COLUMN escalated_at     timestamptz,
  ADD COLUMN acknowledged_at  timestamptz,
  ADD COLUMN cancelled_at     timestamptz,
  ADD COLUMN closed_at        timestamptz,
  ADD COLUMN extension_count  integer NOT NULL DEFAULT 0,
  ADD COLUMN reopen_count     integer NOT NULL DEFAULT 0,
  ADD COLUMN satisfaction_asked_at    timestamptz,
  ADD COLUMN satisfaction_answer      text CHECK (satisfaction_answer IN ('yes', 'no')),
  ADD COLUMN satisfaction_rating      smallint CHECK (satisfaction_rating BETWEEN 1 AND 5),
  -- The rest of the workflow's view (escalation chain position, pause, satisfaction details),
  -- returned as is by the API.
  ADD COLUMN details          jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN redacted_at      timestamptz;

UPDATE commitments SET first_fulfilled_at = (fulfilment ->> 'fulfilledAt')::timestamptz,
                       first_fulfilled_on_time = (fulfilment ->> 'onTime')::boolean
WHERE fulfilment IS NOT NULL;

DROP INDEX commitments_owner_idx;
CREATE INDEX commitments_due_at_id_idx ON commitments (due_at, id);
CREATE INDEX commitments_owner_due_idx ON commitments (owner_id, due_at, id);
CREATE INDEX commitments_customer_phone_idx ON commitments (customer_phone);
CREATE INDEX commitments_customer_email_idx ON commitments (customer_email);
CREATE INDEX commitments_external_ref_idx ON commitments (external_ref);
CREATE INDEX commitments_created_at_idx ON commitments (created_at);
CREATE INDEX commitments_trigger_root_cause_idx ON commitments (trigger, root_cause, created_at);
CREATE INDEX commitments_escalated_open_idx ON commitments (escalated_at) WHERE status = 'escalated';

-- Down Migration
-- Forward-only: a down migration would lose events. Restore from backup instead.
