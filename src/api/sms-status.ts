/**
 * Twilio's delivery reports: a text accepted and later failed or undelivered is sent again by
 * email by its workflow, and the timeline says so.
 */
import { deliveryFailedSignal } from '../shared/contract';
import type { WebhookDeps } from './webhooks';

/** A report can overtake our own record of the send (the SID is stored once Twilio answered). */
const SETTLE_WAIT_MS = [100, 200, 400, 800];

export async function failedDelivery(deps: WebhookDeps, sid: string, status: string, code: string | undefined): Promise<void> {
  let row = await markFailed(deps, sid, status, code);
  for (const wait of SETTLE_WAIT_MS) {
    if (row !== null) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
    row = await markFailed(deps, sid, status, code);
  }
  // Unknown or already handled (Twilio may report twice): nothing to do.
  if (!row || row.recipient_role !== 'customer') return;
  await deps.client.workflow.getHandle(row.workflow_id).signal(deliveryFailedSignal, {
    purpose: row.purpose,
    occurrence: row.occurrence,
    channel: 'sms',
    reason: `was ${status}${code ? ` (Twilio error ${code})` : ''}`,
  });
  deps.log?.(`sms ${sid} ${status}: ${row.purpose} for ${row.workflow_id} falls back to email`);
}

/** The notification marked failed; null when no send has this SID (yet), undefined when already failed. */
async function markFailed(deps: WebhookDeps, sid: string, status: string, code: string | undefined) {
  const known = await deps.db.query('SELECT 1 FROM notifications WHERE provider_id = $1', [sid]);
  if (known.rowCount === 0) return null;
  const { rows } = await deps.db.query<{ workflow_id: string; purpose: string; occurrence: string; recipient_role: string }>(
    `UPDATE notifications n SET status = 'failed', error = $2, updated_at = now()
     FROM commitments c
     WHERE n.provider_id = $1 AND n.channel = 'sms' AND c.id = n.commitment_id AND n.status <> 'failed'
     RETURNING c.workflow_id, n.purpose, n.occurrence, n.recipient_role`,
    [sid, `Twilio reported ${status}${code ? ` (error ${code})` : ''}`],
  );
  return rows[0];
}
