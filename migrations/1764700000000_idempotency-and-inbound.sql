-- Up Migration

-- Idempotency held in Postgres (issue 9): a create with an Idempotency-Key claims its row before
-- any workflow starts, so a retry finds it even after Temporal's namespace retention has forgotten
-- the workflow. `input` is the first request's workflow input: a retry answers with it until the
-- read model has the commitment. `started_at` is set once the workflow is known to have started;
-- a row with it set never starts another run.
CREATE TABLE idempotency_keys (
  key_id          text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash    text NOT NULL,
  commitment_id   text NOT NULL,
  input           jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  PRIMARY KEY (key_id, idempotency_key)
);

-- Durable inbound texts: each Twilio webhook is kept before it is acted on, keyed by MessageSid,
-- so a repeated delivery of one text is answered with the stored reply and has no other effect.
CREATE TABLE inbound_messages (
  message_sid   text PRIMARY KEY,
  from_number   text NOT NULL,
  to_number     text,
  body          text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  -- Set by the request that acts on it; a copy arriving meanwhile does not act again.
  claimed_at    timestamptz,
  processed_at  timestamptz,
  -- The TwiML message we answered with; NULL for no message.
  reply         text
);
CREATE INDEX inbound_messages_unprocessed_idx ON inbound_messages (received_at) WHERE processed_at IS NULL;

-- Down Migration
-- Forward-only.
