-- Up Migration

-- Events out (issue 22, docs/events.md): who receives which events, the events themselves, and
-- each delivery of one event to one subscription with its attempts.

-- A receiver: an https URL (http and local addresses only where insecure receivers are allowed),
-- the event types it wants, optionally only one team's. The signing secret is kept to sign with
-- (Standard Webhooks signs with the secret itself, so it cannot be stored as a hash); after a
-- rotation the previous one signs too until previous_secret_until.
CREATE TABLE event_subscriptions (
  id                    text PRIMARY KEY,
  url                   text NOT NULL,
  types                 text[] NOT NULL,
  team_id               text REFERENCES teams (id),
  description           text NOT NULL DEFAULT '',
  enabled               boolean NOT NULL DEFAULT true,
  include_contacts      boolean NOT NULL DEFAULT false,
  secret                text NOT NULL,
  previous_secret       text,
  previous_secret_until timestamptz,
  created_by            text NOT NULL REFERENCES staff (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- Why it was turned off when the delivery did it (410 Gone, or failing for days).
  disabled_reason       text,
  -- The first failed attempt since the last success: failing for too long disables it.
  failing_since         timestamptz
);

-- One CloudEvent, written with the timeline entry it tells of (src/db/commitments.ts), in the same
-- statement: an event exists exactly when its entry does. `data` is the whole CloudEvent's data
-- with the customer's contacts; they are left out at delivery unless the subscription asks.
CREATE TABLE outbound_events (
  id            text PRIMARY KEY,
  commitment_id text,
  seq           integer NOT NULL,
  type          text NOT NULL,
  team_id       text,
  time          timestamptz NOT NULL,
  data          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_events_commitment ON outbound_events (commitment_id);

-- One event owed to one subscription. The events of one commitment go to one subscription in
-- order: only the earliest pending one of each (subscription, commitment) is ever sent
-- (src/events/pump.ts).
CREATE TABLE event_deliveries (
  id              bigserial PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES event_subscriptions (id) ON DELETE CASCADE,
  event_id        text NOT NULL REFERENCES outbound_events (id) ON DELETE CASCADE,
  -- The queue it waits in: the commitment, or the event itself for one with none (a test event).
  queue           text NOT NULL,
  seq             integer NOT NULL,
  team_id         text,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  -- Attempts made before the last resend: a resend starts the retry schedule again from its top.
  schedule_start  integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  leased_until    timestamptz,
  last_status     integer,
  last_error      text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX event_deliveries_pending ON event_deliveries (subscription_id, queue, seq) WHERE state = 'pending';

-- Every attempt, for the delivery log: status, duration and the first KB of the answer.
CREATE TABLE event_delivery_attempts (
  delivery_id bigint NOT NULL REFERENCES event_deliveries (id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  at          timestamptz NOT NULL,
  status      integer,
  error       text,
  duration_ms integer NOT NULL,
  response    text,
  PRIMARY KEY (delivery_id, attempt)
);

-- Down Migration
DROP TABLE event_delivery_attempts;
DROP TABLE event_deliveries;
DROP TABLE outbound_events;
DROP TABLE event_subscriptions;
