-- Up Migration

-- Every version of every calendar, as it was (docs/business-hours.md, "Calendar changes"). A
-- commitment pins the version its business deadline was counted on; when the calendar changes,
-- the open time it had left is measured on that version and counted again on the new one. Written
-- by the same statement that creates or changes the calendar (src/calendars/store.ts).
CREATE TABLE calendar_versions (
  calendar_id text NOT NULL REFERENCES calendars (id),
  version integer NOT NULL,
  name text NOT NULL,
  time_zone text NOT NULL,
  weekly jsonb NOT NULL,
  holidays jsonb NOT NULL,
  overrides jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (calendar_id, version)
);

INSERT INTO calendar_versions (calendar_id, version, name, time_zone, weekly, holidays, overrides)
SELECT id, version, name, time_zone, weekly, holidays, overrides FROM calendars;

-- Down Migration
DROP TABLE calendar_versions;
