-- Up Migration

-- The cap on customer messages (src/db/message-cap.ts) in one round trip: the advisory lock that
-- puts one commitment's messages in turn, the count of this hour's messages, and the ledger row
-- (pending, or failed with the cap's reason) in one call, instead of a transaction of six
-- statements per message and channel. Returns the reason when the message is capped, else NULL.
-- A row that exists already (a retried attempt) was counted when it was first recorded.
CREATE FUNCTION record_customer_message_within_cap(
  p_key text, p_commitment_id text, p_purpose text, p_occurrence text, p_channel text,
  p_recipient_role text, p_recipient_id text, p_recipient text, p_subject text, p_body text,
  p_per_hour integer, p_reason_prefix text
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_sent integer;
  v_this boolean;
  v_reason text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_commitment_id, 12));
  IF EXISTS (SELECT 1 FROM notifications WHERE key = p_key) THEN
    RETURN NULL;
  END IF;
  -- The same message on its other channel (a text and its email) is one message, counted once.
  SELECT count(DISTINCT (purpose, occurrence))::int, coalesce(bool_or(purpose = p_purpose AND occurrence = p_occurrence), false)
    INTO v_sent, v_this
  FROM notifications
  WHERE commitment_id = p_commitment_id AND recipient_role = 'customer' AND created_at > now() - interval '1 hour'
    AND NOT (status = 'failed' AND attempts = 0);
  IF NOT v_this AND v_sent >= p_per_hour THEN
    v_reason := p_reason_prefix || ' the customer already had ' || v_sent || ' messages about this commitment in the last hour, the most allowed (CUSTOMER_MESSAGES_PER_HOUR).';
  END IF;
  INSERT INTO notifications (key, commitment_id, purpose, occurrence, channel, recipient_role, recipient_id, recipient, subject, body, status, error)
  VALUES (p_key, p_commitment_id, p_purpose, p_occurrence, p_channel, p_recipient_role, p_recipient_id, p_recipient, p_subject, p_body,
          CASE WHEN v_reason IS NULL THEN 'pending' ELSE 'failed' END, v_reason);
  RETURN v_reason;
END;
$$;

-- Down Migration
DROP FUNCTION record_customer_message_within_cap(text, text, text, text, text, text, text, text, text, text, integer, text);
