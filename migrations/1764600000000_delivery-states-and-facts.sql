-- Up Migration

-- Honest delivery states (issue 9). A message is owed until a provider is known to have it:
--   pending → sending → accepted (Twilio queued it / SMTP said 250) → sent → delivered (Twilio's callbacks)
--   sending → retrying (failed before anything went out) | ambiguous (may have gone out: resolved
--   before any resend) | failed (refused for good) ; undelivered (Twilio's callback after acceptance);
--   unresolved (the workflow gave up without learning the outcome); outbox (no provider configured).
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_status_check;
UPDATE notifications SET status = 'accepted' WHERE status = 'sent';
UPDATE notifications SET status = 'unresolved' WHERE status = 'uncertain';
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN (
  'pending', 'sending', 'retrying', 'ambiguous', 'accepted', 'sent', 'delivered', 'failed', 'undelivered', 'unresolved', 'outbox'));
ALTER TABLE notifications
  ADD COLUMN attempt_started_at timestamptz,
  -- Copies sent again after an attempt whose outcome was lost: the duplicates a reader may see.
  ADD COLUMN resends integer NOT NULL DEFAULT 0,
  ADD COLUMN delivered_at timestamptz,
  -- Staff id of a staff recipient: the console lists a person's alerts, reconcile names them.
  ADD COLUMN recipient_id text;
CREATE INDEX notifications_open_idx ON notifications (updated_at)
  WHERE status IN ('pending', 'sending', 'retrying', 'ambiguous', 'unresolved', 'failed', 'undelivered');

-- Numbers we have texted: the first text to a number says how to opt out (A2P 10DLC).
CREATE TABLE sms_contacts (
  phone           text PRIMARY KEY,
  first_texted_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sms_contacts (phone)
SELECT DISTINCT recipient FROM notifications
WHERE channel = 'sms' AND recipient_role = 'customer' AND status = 'accepted'
ON CONFLICT DO NOTHING;

-- Who acted, on every timeline entry from now on.
ALTER TABLE commitment_events ADD COLUMN actor jsonb;

-- Facts the reports attribute to people (issue 11): the owner when it lapsed, who kept it, who
-- acknowledged; why it escalated; the team. Set once by the workflow, like the other facts.
ALTER TABLE commitments
  ADD COLUMN team_id              text,
  ADD COLUMN lapsed_owner_id      text,
  ADD COLUMN fulfilled_owner_id   text,
  ADD COLUMN acknowledged_by      text,
  ADD COLUMN escalation_reason    text,
  ADD COLUMN manager_requested_at timestamptz,
  ADD COLUMN follow_up_of         text,
  ADD COLUMN created_by           text GENERATED ALWAYS AS (details ->> 'createdBy') STORED;
-- Rows from before: a lapse was charged to whoever owned it then, which is all we know now.
UPDATE commitments SET lapsed_owner_id = owner_id WHERE lapsed_at IS NOT NULL AND acknowledged_at IS NULL;
UPDATE commitments SET escalation_reason = 'lapsed' WHERE escalated_at IS NOT NULL;
CREATE INDEX commitments_created_by_idx ON commitments (created_by, due_at, id);
CREATE INDEX commitments_team_idx ON commitments (team_id, created_at);

-- Down Migration
-- Forward-only.
