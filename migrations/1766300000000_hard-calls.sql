-- Up Migration

-- Hard calls (issue 24, src/hard-calls/): a commitment's call flagged as abusive, threatening or
-- distressing, by its owner, a supervisor of its team or an admin, and the check-in it opens for
-- the team's supervisor. Kept here only, never in the workflow: it is not part of the promise's
-- lifecycle, and no customer page, message or event carries it.

-- One flag. The commitment may not have reached the read model yet (a flag at create is written
-- just after its workflow starts), so commitment_id has no foreign key. The agent is the owner
-- when it was flagged. The customer's phone and email are kept only as customer_address_hash
-- (migrations/1765200000000_message-bounds.sql), to count a customer's recent flags; retention
-- blanks the note and both hashes with the rest of the commitment (src/db/redaction.ts).
CREATE TABLE hard_calls (
  id                  text PRIMARY KEY,
  commitment_id       text NOT NULL,
  team_id             text NOT NULL,
  team_name           text NOT NULL,
  agent_id            text NOT NULL,
  agent_name          text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('abusive', 'threatening', 'distressing')),
  note                text NOT NULL,
  flagged_by_id       text NOT NULL,
  flagged_by_name     text NOT NULL,
  flagged_at          timestamptz NOT NULL DEFAULT now(),
  customer_phone_hash bytea,
  customer_email_hash bytea
);
CREATE INDEX hard_calls_commitment_idx ON hard_calls (commitment_id, flagged_at);
CREATE INDEX hard_calls_flagged_idx ON hard_calls (flagged_at);
CREATE INDEX hard_calls_phone_idx ON hard_calls (customer_phone_hash, flagged_at) WHERE customer_phone_hash IS NOT NULL;
CREATE INDEX hard_calls_email_idx ON hard_calls (customer_email_hash, flagged_at) WHERE customer_email_hash IS NOT NULL;

-- The check-in each flag opens for its team's supervisor: a task, not an alert (nothing is sent).
-- One per flag; open until a supervisor of the team (or an admin) marks it done.
CREATE TABLE check_ins (
  id           text PRIMARY KEY,
  hard_call_id text NOT NULL UNIQUE REFERENCES hard_calls (id) ON DELETE CASCADE,
  team_id      text NOT NULL,
  done_at      timestamptz,
  done_by_id   text,
  done_by_name text,
  done_note    text
);
CREATE INDEX check_ins_open_idx ON check_ins (team_id) WHERE done_at IS NULL;

-- Down Migration
DROP TABLE check_ins;
DROP TABLE hard_calls;
