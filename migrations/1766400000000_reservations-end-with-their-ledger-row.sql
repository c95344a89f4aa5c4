-- Up Migration

-- A reservation (a create's claim on a place for its recap, migrations/1765200000000_message-bounds.sql)
-- ends when the message's ledger row is written: the row counts it from then on. Kept until it
-- aged out after two days, every reservation of a busy API key was checked against `notifications`
-- one by one each time the key's bound was counted, and a create cost more the more the key had
-- made that day (docs/benchmarks.md, issue 25). A retried create still reads the decision from the
-- ledger row (reserve_customer_message looks there first).

CREATE OR REPLACE FUNCTION record_customer_message_within_bounds(
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
  -- The ledger row stands for the message from now on: its reservation goes with it.
  DELETE FROM customer_message_reservations WHERE key = p_key;
  RETURN v_reason;
END;
$$;

DELETE FROM customer_message_reservations r WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.key = r.key);

-- Down Migration

CREATE OR REPLACE FUNCTION record_customer_message_within_bounds(
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
