-- Up Migration

-- Console sign-in (src/console/). Only SHA-256 digests of the secrets are kept, as for API keys:
-- a copy of the database opens no session and redeems no link.

-- One-time sign-in links sent by email: valid 15 minutes, redeemed once (used_at), each bound to
-- the page the person was trying to reach.
CREATE TABLE console_login_tokens (
  token_hash bytea PRIMARY KEY,
  staff_id   text NOT NULL REFERENCES staff (id),
  next_path  text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
-- Counting a person's live links (at most a few at once, so the form cannot flood an inbox).
CREATE INDEX console_login_tokens_staff_idx ON console_login_tokens (staff_id, expires_at);

-- Browser sessions: idle expiry is measured from last_seen_at (written at most once a minute),
-- absolute expiry is expires_at; ended_at is sign-out. The CSRF token is not a credential on its
-- own (it is useless without the cookie), so it is kept as is and echoed into the page.
CREATE TABLE console_sessions (
  id_hash      bytea PRIMARY KEY,
  staff_id     text NOT NULL REFERENCES staff (id),
  csrf_token   text NOT NULL,
  -- How the session was opened: 'email' (one-time link) or 'key' (an API key, for development).
  method       text NOT NULL CHECK (method IN ('email', 'key')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz
);
CREATE INDEX console_sessions_staff_idx ON console_sessions (staff_id);

-- The board's "lapsed today" reads lapses by time; only lapsed rows are indexed.
CREATE INDEX commitments_lapsed_at_idx ON commitments (lapsed_at) WHERE lapsed_at IS NOT NULL;

-- Down Migration
DROP INDEX commitments_lapsed_at_idx;
DROP TABLE console_sessions;
DROP TABLE console_login_tokens;
