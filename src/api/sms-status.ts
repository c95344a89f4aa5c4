/**
 * Twilio's delivery reports: a text accepted and later failed or undelivered is sent again by
 * email by its workflow, and the timeline says so.
 */
import { deliveryFailedSignal } from '../shared/contract';
import type { WebhookDeps } from './webhooks';

export async function failedDelivery(deps: WebhookDeps, sid: string, status: string, code: string | undefined): Promise<void> {
  const { rows } = await deps.db.query<{ workflow_id: string; purpose: string; occurrence: string; recipient_role: string }>(
    `UPDATE notifications n SET status = 'failed', error = $2, updated_at = now()
     FROM commitments c
     WHERE n.provider_id = $1 AND n.channel = 'sms' AND c.id = n.commitment_id AND n.status <> 'failed'
     RETURNING c.workflow_id, n.purpose, n.occurrence, n.recipient_role`,
    [sid, `Twilio reported ${status}${code ? ` (error ${code})` : ''}`],
  );
  const row = rows[0];
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
