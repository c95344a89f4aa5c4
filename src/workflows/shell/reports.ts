/**
 * What Twilio's status callbacks tell a running commitment: a text it had accepted was later
 * undelivered or failed. A customer's text goes again by email; a staff alert that reached nobody
 * moves the chain on, as if it had never been accepted.
 */
import type { DeliveryReport } from '../../shared/contract';
import { SYSTEM, type MessageSpec } from '../../core';
import type { LiveCommitment } from './live';

export async function reportFailedDelivery(c: LiveCommitment, report: DeliveryReport): Promise<void> {
  const s = c.state;
  const audience = report.audience ?? 'customer';
  const what = report.purpose.replace(/_/g, ' ');
  c.record([{ type: 'notification_failed', detail: `Twilio reported the ${what} text to the ${audience} ${report.reason}.`, actor: SYSTEM }]);
  if (audience === 'customer' && report.channel === 'sms') {
    const spec = { purpose: report.purpose, audience: 'customer', occurrence: report.occurrence } as MessageSpec;
    await c.sender.sendAgainByEmail(spec, report.reason);
    return;
  }
  const esc = s.escalation;
  const current =
    esc && !esc.exhausted && esc.alertedAt && esc.current?.id === report.recipientId && report.occurrence === `${s.deadlineNo}:${esc.round}:${esc.level}`;
  // Only a text was possible (no email on file): the alert reached nobody after all.
  if (esc && current && !esc.current?.email) {
    const reason = `the text ${report.reason}`;
    await c.applySystem({ type: 'levelUnreached', contactId: report.recipientId ?? '', round: esc.round, level: esc.level, reason });
    return;
  }
  await c.persist();
}
