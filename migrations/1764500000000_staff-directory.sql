-- Up Migration

-- The staff directory: who is who, who may do what, and who is paged when a promise lapses.
-- Written by the admin API and CLI (src/db/directory/); read by authentication on every request.

-- A team's supervisor is a staff member, and staff belong to teams: the supervisor reference is
-- added below, once staff exists, and is deferrable so one transaction can create both.
CREATE TABLE teams (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  timezone      text NOT NULL,
  supervisor_id text,
  agents_may_create_for_teammates boolean NOT NULL DEFAULT false,
  -- { levels: [{ target, ackWithinMs }], repeat }; validated by the API (src/api/directory/schemas.ts).
  escalation_policy jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  -- Admins may stand outside every team; agents and supervisors work in one.
  team_id    text REFERENCES teams (id),
  email      text,
  phone      text,
  timezone   text NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT staff_reachable CHECK (email IS NOT NULL OR phone IS NOT NULL),
  CONSTRAINT staff_team_required CHECK (role = 'admin' OR team_id IS NOT NULL)
);
CREATE UNIQUE INDEX staff_email_key ON staff (lower(email));
-- An inbound ACK text is matched to a person by phone, so two active people cannot share one.
CREATE UNIQUE INDEX staff_active_phone_key ON staff (phone) WHERE active;
CREATE INDEX staff_team_idx ON staff (team_id, id);

ALTER TABLE teams ADD CONSTRAINT teams_supervisor_fkey
  FOREIGN KEY (supervisor_id) REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE rotations (
  id            text PRIMARY KEY,
  team_id       text NOT NULL REFERENCES teams (id),
  name          text NOT NULL,
  -- Staff ids in shift order; checked against staff by the API (arrays take no foreign keys).
  members       text[] NOT NULL CHECK (cardinality(members) >= 1),
  shift_hours   integer NOT NULL CHECK (shift_hours BETWEEN 1 AND 336),
  -- "HH:MM" in the team's time zone; the first member's first shift starts then on starts_on.
  handoff_time  text NOT NULL CHECK (handoff_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  starts_on     date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rotations_team_idx ON rotations (team_id, id);

-- Someone else on call for a range of instants; where overrides overlap the latest (highest id) wins.
CREATE TABLE rotation_overrides (
  id          bigserial PRIMARY KEY,
  rotation_id text NOT NULL REFERENCES rotations (id),
  staff_id    text NOT NULL REFERENCES staff (id),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX rotation_overrides_range_idx ON rotation_overrides (rotation_id, ends_at);

-- Only a SHA-256 of each secret is kept: the secret is shown once, when the key is issued.
CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  staff_id     text NOT NULL REFERENCES staff (id),
  label        text NOT NULL DEFAULT '',
  secret_hash  bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  -- Written at most once a minute per key, so authenticating does not turn every read into a write.
  last_used_at timestamptz
);
CREATE INDEX api_keys_staff_idx ON api_keys (staff_id, created_at);

-- Down Migration
-- Forward-only: keys and the directory are not recreated by a rollback. Restore from backup instead.
