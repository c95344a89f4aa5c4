-- Up Migration

-- Numbers that replied STOP (or that Twilio refused with 21610). Customer texts to them go by
-- email instead until they reply START.
CREATE TABLE sms_opt_outs (
  phone        text PRIMARY KEY,
  opted_out_at timestamptz NOT NULL DEFAULT now()
);

-- One answer per satisfaction question: the YES and NO links of one ask share a row, so a link
-- used once (or its twin) cannot answer again.
CREATE TABLE link_answers (
  commitment_id text NOT NULL,
  cycle         integer NOT NULL,
  answer        text NOT NULL,
  answered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commitment_id, cycle)
);

-- The occurrence of a message's purpose (which deadline, which round), so a text Twilio later
-- reports as failed can be sent again by email as the same message.
ALTER TABLE notifications ADD COLUMN occurrence text NOT NULL DEFAULT '';
CREATE INDEX notifications_provider_id_idx ON notifications (provider_id);

-- Down Migration
ALTER TABLE notifications DROP COLUMN occurrence;
DROP TABLE link_answers;
DROP TABLE sms_opt_outs;
