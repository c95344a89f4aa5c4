-- Up Migration

-- Console access ends with the access that opened it (docs/security.md, "Sessions and sign-in
-- links end with the access that opened them").

-- The API key a session was signed in with: revoking the key ends the session in the same
-- statement (src/db/directory/keys.ts), and a session whose key is revoked is refused anyway
-- (src/db/sessions.ts). A session opened with a key before this column existed cannot be tied to
-- its key, so it ends here; its person signs in again.
ALTER TABLE console_sessions ADD COLUMN key_id text REFERENCES api_keys (id);
UPDATE console_sessions SET ended_at = now() WHERE method = 'key' AND ended_at IS NULL;
ALTER TABLE console_sessions ADD CONSTRAINT console_sessions_key_named
  CHECK (CASE WHEN method = 'key' THEN key_id IS NOT NULL OR ended_at IS NOT NULL ELSE key_id IS NULL END);
CREATE INDEX console_sessions_key_idx ON console_sessions (key_id) WHERE key_id IS NOT NULL;

-- A sign-in link voided before it was used: its person was deactivated. Reactivating them does
-- not bring it back (src/db/directory/access-ends.ts).
ALTER TABLE console_login_tokens ADD COLUMN voided_at timestamptz;

-- Down Migration
ALTER TABLE console_login_tokens DROP COLUMN voided_at;
DROP INDEX console_sessions_key_idx;
ALTER TABLE console_sessions DROP CONSTRAINT console_sessions_key_named;
ALTER TABLE console_sessions DROP COLUMN key_id;
