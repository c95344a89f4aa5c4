-- Up Migration

-- Bounds on customer messages across commitments, and repeat-contact alerts folded (issue 19;
-- docs/security.md, "Bounds on messages per recipient and per key"; src/db/message-cap.ts).
--
-- Every customer message is counted, when its ledger row is first written, against four bounds
-- besides its commitment's hourly cap: its address (a number for a text, an address for an email)
-- over a rolling hour and a rolling day, and the key (or console session) that created its
-- commitment over a rolling hour and a rolling day. One call per message and channel, as before.

-- The key (`key_…`) or console session (`console:<staff>`) that created the commitment a customer
-- message is about; null for commitments created before it was recorded, which no key bound counts.
ALTER TABLE notifications ADD COLUMN creator_key text;
-- `folded`: a repeat-contact alert not sent because the supervisor had one about the same customer
-- within the day (claim_repeat_contact_alert below); its error names the alert it was folded into.
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN (
  'pending', 'sending', 'retrying', 'ambiguous', 'accepted', 'sent', 'delivered', 'failed', 'undelivered', 'unresolved', 'outbox',
  'folded'));
-- The counts below read a day of one address's or one key's customer messages by these.
CREATE INDEX notifications_customer_address_idx ON notifications (lower(recipient), created_at) WHERE recipient_role = 'customer';
CREATE INDEX notifications_creator_key_idx ON notifications (creator_key, created_at)
  WHERE recipient_role = 'customer' AND creator_key IS NOT NULL;

-- Places taken at create time by a recap (POST /v1/commitments), so the create can answer whether
-- its recap will be sent (a warning when not) and a burst of creates counts every recap at once,
-- before any workflow has recorded one. The row's decision is the message's when its ledger row is
-- written; until then it counts as a message to its address and key. Kept two days (longer than
-- any quiet hours hold a text, and than the day bound looks back), then deleted; the address is
-- kept as a hash only, so nothing here needs retention's redaction.
CREATE TABLE customer_message_reservations (
  key            text PRIMARY KEY,
  commitment_id  text NOT NULL,
  purpose        text NOT NULL,
  occurrence     text NOT NULL,
  channel        text NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient_hash bytea NOT NULL,
  creator_key    text,
  -- Null: within the bounds (the place is taken). Otherwise why the message will not be sent.
  reason         text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_message_reservations_recipient_idx ON customer_message_reservations (recipient_hash, created_at);
CREATE INDEX customer_message_reservations_creator_idx ON customer_message_reservations (creator_key, created_at)
  WHERE creator_key IS NOT NULL;
CREATE INDEX customer_message_reservations_created_idx ON customer_message_reservations (created_at);

-- The repeat-contact alerts that went to a supervisor, per customer (phone and email, hashed): a
-- later one within the window is folded into the first. Kept a week, then deleted.
CREATE TABLE repeat_contact_alerts (
  supervisor_id text NOT NULL,
  customer_hash bytea NOT NULL,
  commitment_id text NOT NULL,
  alerted_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (supervisor_id, customer_hash, commitment_id)
);
CREATE INDEX repeat_contact_alerts_alerted_idx ON repeat_contact_alerts (alerted_at);

-- An address as the tables above keep it: the same for any case of an email address.
CREATE FUNCTION customer_address_hash(p_address text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(convert_to(lower(p_address), 'UTF8'))
$$;

-- Why a new customer message may not be sent, or NULL when every bound has room. A NULL bound is
-- not applied. The caller holds the commitment's advisory lock; this takes the address's, then the
-- key's, always in that order (each in its own class of the two-key lock space), so concurrent
-- sends cannot both take the last place and no two calls wait on each other in a cycle.
-- Refused messages (failed, no attempt) take no place; a text and its email are two messages to
-- two addresses but one message for the commitment's cap and for the key.
CREATE FUNCTION customer_message_refusal(
  p_commitment_id text, p_purpose text, p_occurrence text, p_channel text, p_recipient text, p_creator_key text,
  p_per_commitment integer, p_recipient_hour integer, p_recipient_day integer, p_key_hour integer, p_key_day integer,
  p_prefix text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_hour integer;
  v_day integer;
  v_this boolean;
  v_hash bytea := customer_address_hash(p_recipient);
  v_address text := CASE p_channel WHEN 'sms' THEN 'this number' ELSE 'this email address' END;
  v_messages text := CASE p_channel WHEN 'sms' THEN ' texts' ELSE ' emails' END;
  v_room text := ' Later messages go out once the window has room; raise the setting to allow more.';
BEGIN
  IF p_per_commitment IS NOT NULL THEN
    SELECT count(DISTINCT (purpose, occurrence))::int, coalesce(bool_or(purpose = p_purpose AND occurrence = p_occurrence), false)
      INTO v_hour, v_this
    FROM notifications
    WHERE commitment_id = p_commitment_id AND recipient_role = 'customer' AND created_at > now() - interval '1 hour'
      AND NOT (status = 'failed' AND attempts = 0);
    IF NOT v_this AND v_hour >= p_per_commitment THEN
      RETURN p_prefix || ' the customer already had ' || v_hour || ' messages about this commitment in the last hour, '
        || 'the most allowed (CUSTOMER_MESSAGES_PER_HOUR).' || v_room;
    END IF;
  END IF;

  IF p_recipient_hour IS NOT NULL OR p_recipient_day IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(19, hashtext(p_channel || ':' || lower(p_recipient)));
    SELECT count(*) FILTER (WHERE at > now() - interval '1 hour')::int, count(*)::int INTO v_hour, v_day
    FROM (
      SELECT created_at AS at FROM notifications
      WHERE lower(recipient) = lower(p_recipient) AND recipient_role = 'customer' AND channel = p_channel
        AND created_at > now() - interval '1 day' AND NOT (status = 'failed' AND attempts = 0)
      UNION ALL
      SELECT r.created_at FROM customer_message_reservations r
      WHERE r.recipient_hash = v_hash AND r.channel = p_channel AND r.reason IS NULL AND r.created_at > now() - interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.key = r.key)
    ) counted;
    IF v_hour >= p_recipient_hour THEN
      RETURN p_prefix || ' ' || v_address || ' already had ' || v_hour || v_messages || ' from us in the last hour, '
        || 'across all commitments: the most one customer may get (CUSTOMER_MESSAGES_PER_RECIPIENT_PER_HOUR).' || v_room;
    END IF;
    IF v_day >= p_recipient_day THEN
      RETURN p_prefix || ' ' || v_address || ' already had ' || v_day || v_messages || ' from us in the last 24 hours, '
        || 'across all commitments: the most one customer may get (CUSTOMER_MESSAGES_PER_RECIPIENT_PER_DAY).' || v_room;
    END IF;
  END IF;

  IF p_creator_key IS NOT NULL AND (p_key_hour IS NOT NULL OR p_key_day IS NOT NULL) THEN
    PERFORM pg_advisory_xact_lock(20, hashtext(p_creator_key));
    SELECT count(DISTINCT m) FILTER (WHERE at > now() - interval '1 hour')::int, count(DISTINCT m)::int,
           coalesce(bool_or(m = p_commitment_id || ' ' || p_purpose || ' ' || p_occurrence), false)
      INTO v_hour, v_day, v_this
    FROM (
      SELECT commitment_id || ' ' || purpose || ' ' || occurrence AS m, created_at AS at FROM notifications
      WHERE creator_key = p_creator_key AND recipient_role = 'customer' AND created_at > now() - interval '1 day'
        AND NOT (status = 'failed' AND attempts = 0)
      UNION ALL
      SELECT r.commitment_id || ' ' || r.purpose || ' ' || r.occurrence, r.created_at FROM customer_message_reservations r
      WHERE r.creator_key = p_creator_key AND r.reason IS NULL AND r.created_at > now() - interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.key = r.key)
    ) counted;
    IF NOT v_this AND v_hour >= p_key_hour THEN
      RETURN p_prefix || ' commitments created with ' || p_creator_key || ' already caused ' || v_hour || ' customer messages '
        || 'in the last hour: the most one key or console session may cause (CUSTOMER_MESSAGES_PER_KEY_PER_HOUR).' || v_room;
    END IF;
    IF NOT v_this AND v_day >= p_key_day THEN
      RETURN p_prefix || ' commitments created with ' || p_creator_key || ' already caused ' || v_day || ' customer messages '
        || 'in the last 24 hours: the most one key or console session may cause (CUSTOMER_MESSAGES_PER_KEY_PER_DAY).' || v_room;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;

-- record_customer_message_within_cap with the bounds above: the commitment's lock, the counts and
-- the ledger row (pending, or failed with the reason) in one round trip. A message whose place was
-- reserved at create time takes the reservation's decision. Returns the reason when refused.
-- A row that exists already (a retried attempt) was counted when it was first recorded.
-- The earlier function stays for workers of the previous release during a rolling deploy.
CREATE FUNCTION record_customer_message_within_bounds(
  p_key text, p_commitment_id text, p_purpose text, p_occurrence text, p_channel text,
  p_recipient_role text, p_recipient_id text, p_recipient text, p_subject text, p_body text, p_creator_key text,
  p_per_commitment integer, p_recipient_hour integer, p_recipient_day integer, p_key_hour integer, p_key_day integer,
  p_prefix text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_reason text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_commitment_id, 12));
  IF EXISTS (SELECT 1 FROM notifications WHERE key = p_key) THEN
    RETURN NULL;
  END IF;
  SELECT reason INTO v_reason FROM customer_message_reservations WHERE key = p_key;
  IF NOT FOUND THEN
    v_reason := customer_message_refusal(p_commitment_id, p_purpose, p_occurrence, p_channel, p_recipient, p_creator_key,
      p_per_commitment, p_recipient_hour, p_recipient_day, p_key_hour, p_key_day, p_prefix);
  END IF;
  INSERT INTO notifications
    (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, creator_key, status, error)
  VALUES (p_key, p_commitment_id, p_purpose, p_occurrence, p_channel, p_recipient_role, p_recipient_id, p_recipient, p_subject, p_body,
          p_creator_key, CASE WHEN v_reason IS NULL THEN 'pending' ELSE 'failed' END, v_reason);
  RETURN v_reason;
END;
$$;

-- The create's claim on a place for its recap (src/api/create-bounds.ts): the same locks and
-- counts; returns the reason it will be refused, or NULL. Asked again (a retried create), it
-- answers what was decided: the ledger row's refusal once there is one, else the reservation's.
-- A text to a number that answered STOP takes no place: it will not be sent.
CREATE FUNCTION reserve_customer_message(
  p_key text, p_commitment_id text, p_purpose text, p_occurrence text, p_channel text, p_recipient text, p_creator_key text,
  p_per_commitment integer, p_recipient_hour integer, p_recipient_day integer, p_key_hour integer, p_key_day integer,
  p_prefix text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_reason text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_commitment_id, 12));
  SELECT CASE WHEN status = 'failed' AND attempts = 0 THEN error END INTO v_reason FROM notifications WHERE key = p_key;
  IF FOUND THEN
    RETURN v_reason;
  END IF;
  SELECT reason INTO v_reason FROM customer_message_reservations WHERE key = p_key;
  IF FOUND THEN
    RETURN v_reason;
  END IF;
  IF p_channel = 'sms' AND EXISTS (SELECT 1 FROM sms_opt_outs WHERE phone = p_recipient) THEN
    RETURN NULL;
  END IF;
  v_reason := customer_message_refusal(p_commitment_id, p_purpose, p_occurrence, p_channel, p_recipient, p_creator_key,
    p_per_commitment, p_recipient_hour, p_recipient_day, p_key_hour, p_key_day, p_prefix);
  INSERT INTO customer_message_reservations (key, commitment_id, purpose, occurrence, channel, recipient_hash, creator_key, reason)
  VALUES (p_key, p_commitment_id, p_purpose, p_occurrence, p_channel, customer_address_hash(p_recipient), p_creator_key, v_reason);
  -- Old places go a few at a time, skipping any another create is deleting: never a wait, never a deadlock.
  DELETE FROM customer_message_reservations WHERE key IN (
    SELECT key FROM customer_message_reservations WHERE created_at < now() - interval '2 days'
    ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED);
  RETURN v_reason;
END;
$$;

-- Whether a repeat-contact alert to a supervisor is the first about this customer (any of their
-- addresses) within the window: no row back, and it is recorded as the one; otherwise the row is
-- the earlier alert it folds into. Locks per (supervisor, address), in one order, so concurrent
-- creates for one customer cannot both be first. An earlier alert that reached nobody (every
-- channel failed) is no alert to fold into. A retried attempt of the first is still the first.
CREATE FUNCTION claim_repeat_contact_alert(p_supervisor_id text, p_customers text[], p_commitment_id text, p_window_ms bigint)
RETURNS TABLE (earlier_id text, earlier_at timestamptz) LANGUAGE plpgsql AS $$
DECLARE
  v_hashes bytea[];
  v_lock integer;
BEGIN
  SELECT array_agg(DISTINCT customer_address_hash(c)) INTO v_hashes FROM unnest(p_customers) c WHERE c IS NOT NULL;
  FOR v_lock IN
    SELECT DISTINCT hashtext(p_supervisor_id || ':' || encode(h, 'hex')) AS l FROM unnest(v_hashes) h ORDER BY l
  LOOP
    PERFORM pg_advisory_xact_lock(21, v_lock);
  END LOOP;
  IF EXISTS (SELECT 1 FROM repeat_contact_alerts a WHERE a.supervisor_id = p_supervisor_id AND a.commitment_id = p_commitment_id) THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT a.commitment_id, a.alerted_at FROM repeat_contact_alerts a
    WHERE a.supervisor_id = p_supervisor_id AND a.customer_hash = ANY (v_hashes)
      AND a.alerted_at > now() - make_interval(secs => p_window_ms / 1000.0)
      AND NOT coalesce((SELECT bool_and(n.status IN ('failed', 'undelivered', 'unresolved')) FROM notifications n
                        WHERE n.commitment_id = a.commitment_id AND n.purpose = 'repeat_contact_alert'
                          AND n.recipient_id = p_supervisor_id), false)
    ORDER BY a.alerted_at
    LIMIT 1;
  IF FOUND THEN
    RETURN;
  END IF;
  INSERT INTO repeat_contact_alerts (supervisor_id, customer_hash, commitment_id)
  SELECT p_supervisor_id, h, p_commitment_id FROM unnest(v_hashes) h;
  DELETE FROM repeat_contact_alerts WHERE ctid IN (
    SELECT ctid FROM repeat_contact_alerts WHERE alerted_at < now() - interval '7 days'
    ORDER BY alerted_at LIMIT 100 FOR UPDATE SKIP LOCKED);
END;
$$;

-- Down Migration
DROP FUNCTION claim_repeat_contact_alert(text, text[], text, bigint);
DROP FUNCTION reserve_customer_message(text, text, text, text, text, text, text, integer, integer, integer, integer, integer, text);
DROP FUNCTION record_customer_message_within_bounds(
  text, text, text, text, text, text, text, text, text, text, text, integer, integer, integer, integer, integer, text);
DROP FUNCTION customer_message_refusal(text, text, text, text, text, text, integer, integer, integer, integer, integer, text);
DROP FUNCTION customer_address_hash(text);
DROP TABLE repeat_contact_alerts;
DROP TABLE customer_message_reservations;
DROP INDEX notifications_creator_key_idx;
DROP INDEX notifications_customer_address_idx;
UPDATE notifications SET status = 'failed' WHERE status = 'folded';
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN (
  'pending', 'sending', 'retrying', 'ambiguous', 'accepted', 'sent', 'delivered', 'failed', 'undelivered', 'unresolved', 'outbox'));
ALTER TABLE notifications DROP COLUMN creator_key;
