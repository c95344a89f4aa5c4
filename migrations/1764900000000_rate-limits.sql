-- Up Migration

-- Rate limits (src/api/limits.ts), counted here so every API replica sees the same counts. The
-- columns are the ones rate-limiter-flexible's Postgres store reads and writes (key, points,
-- expire in epoch ms); it is created here, not by the library at start-up, so the API needs no
-- DDL rights and the table is in our migrations like every other. One table for every limit:
-- each key starts with its limit's prefix (address:, key:, badkey:, signin:, phone:).
CREATE TABLE rate_limits (
  key    varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
-- The library deletes expired rows every few minutes.
CREATE INDEX rate_limits_expire_idx ON rate_limits (expire);

-- Down Migration
DROP TABLE rate_limits;
