-- Up Migration

-- Current state of each commitment. Written only by workflow activities; `version` rises with
-- every state change, so a retried or late write of an older snapshot is ignored.
CREATE TABLE commitments (
  id            text PRIMARY KEY,
  workflow_id   text NOT NULL UNIQUE,
  status        text NOT NULL,
  version       integer NOT NULL,
  customer      jsonb NOT NULL,
  owner         jsonb NOT NULL,
  supervisor    jsonb NOT NULL,
  summary       text NOT NULL,
  due_at        timestamptz NOT NULL,
  log           jsonb NOT NULL DEFAULT '{}'::jsonb,
  external_ref  text,
  timeline      jsonb NOT NULL DEFAULT '[]'::jsonb,
  fulfilment    jsonb,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitments_status_due_at_idx ON commitments (status, due_at);
CREATE INDEX commitments_owner_idx ON commitments ((owner ->> 'id'), due_at);

-- One row per intended message. `key` is derived from the workflow id and the message's
-- purpose, so a retried activity finds the row and never sends the same message twice.
CREATE TABLE notifications (
  key            text PRIMARY KEY,
  commitment_id  text NOT NULL,
  purpose        text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient_role text NOT NULL,
  recipient      text NOT NULL,
  subject        text,
  body           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'outbox', 'failed', 'uncertain')),
  attempts       integer NOT NULL DEFAULT 0,
  provider_id    text,
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_commitment_idx ON notifications (commitment_id, created_at);

-- Down Migration
DROP TABLE notifications;
DROP TABLE commitments;
