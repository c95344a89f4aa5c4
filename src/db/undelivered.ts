/**
 * Staff messages that reached nobody: every channel refused, the send was given up unresolved,
 * Twilio reported it undelivered, or it has been stuck mid-send for longer than any retry waits.
 * Reconcile reports them, because a dropped alert is the one failure this product exists to prevent.
 */
import type { Pool } from 'pg';

export interface UndeliveredAlert {
  commitmentId: string;
  purpose: string;
  occurrence: string;
  recipientId: string | null;
  /** Each channel's status and error, e.g. "sms failed (21211 …); email unresolved". */
  channels: string;
  since: Date;
}

/** Anything claimed and not settled for this long is stuck: retries wait 30 s at most for alerts. */
const STUCK_AFTER_MS = 10 * 60_000;

export async function undeliveredStaffAlerts(db: Pool, now = new Date()): Promise<UndeliveredAlert[]> {
  const { rows } = await db.query<{ commitment_id: string; purpose: string; occurrence: string; recipient_id: string | null; channels: string; since: Date }>(
    `SELECT commitment_id, purpose, occurrence, recipient_id,
        string_agg(channel || ' ' || status || coalesce(' (' || left(error, 120) || ')', ''), '; ' ORDER BY channel) AS channels,
        max(updated_at) AS since
     FROM notifications
     WHERE recipient_role = 'staff'
     GROUP BY commitment_id, purpose, occurrence, recipient_id
     HAVING bool_and(status IN ('failed', 'undelivered', 'unresolved')
                     OR (status IN ('pending', 'sending', 'retrying', 'ambiguous') AND updated_at < $1))
     ORDER BY max(updated_at)`,
    [new Date(now.getTime() - STUCK_AFTER_MS).toISOString()],
  );
  return rows.map((r) => ({
    commitmentId: r.commitment_id,
    purpose: r.purpose,
    occurrence: r.occurrence,
    recipientId: r.recipient_id,
    channels: r.channels,
    since: r.since,
  }));
}
