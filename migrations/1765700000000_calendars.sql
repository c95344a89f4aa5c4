-- Up Migration

-- Business-hours calendars (docs/business-hours.md): a zone, weekly ranges, holidays and date
-- overrides, as the API validated them (src/calendars/schemas.ts). `version` rises with every
-- change; a commitment counted on a calendar pins the version and the rules it used.
CREATE TABLE calendars (
  id text PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  weekly jsonb NOT NULL,
  holidays jsonb NOT NULL DEFAULT '[]',
  overrides jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A team names its calendar; without one it is open all the time, as before calendars existed.
ALTER TABLE teams ADD COLUMN calendar_id text REFERENCES calendars (id);

-- Down Migration
ALTER TABLE teams DROP COLUMN calendar_id;
DROP TABLE calendars;
