/**
 * A customer's STOP or START, kept durably in Temporal when the app's Postgres could not take it
 * (DOMAIN.md: an opt-out must be honoured). One workflow per phone number, started or signalled
 * with signal-with-start; it records each choice in order, retrying until Postgres is back, then
 * tells that customer's open commitments. It completes once nothing is left to record.
 */
import { condition, defineSignal, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { smsOptOutSignal } from '../shared/contract';

export const smsConsentSignal = defineSignal<[{ optedOut: boolean }]>('smsConsent');

/** One consent workflow per number, so a STOP and a later START are applied in the order they came. */
export const SMS_CONSENT_WORKFLOW_PREFIX = 'sms-consent-';
export const smsConsentWorkflowId = (phone: string): string => `${SMS_CONSENT_WORKFLOW_PREFIX}${phone}`;

const { recordSmsConsent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // No attempt limit: an opt-out is owed until it is written. The cap keeps the wait after an
  // outage short.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function smsConsentWorkflow(phone: string): Promise<void> {
  const pending: boolean[] = [];
  setHandler(smsConsentSignal, ({ optedOut }) => void pending.push(optedOut));
  // A signal that arrives while the last one is recorded is picked up before the run completes.
  while (await condition(() => pending.length > 0, '1 second')) {
    const optedOut = pending.shift() as boolean;
    const workflowIds = await recordSmsConsent(phone, optedOut);
    // A commitment that closed meanwhile cannot be signalled; it sends nothing more anyway.
    await Promise.allSettled(workflowIds.map((id) => getExternalWorkflowHandle(id).signal(smsOptOutSignal, { optedOut })));
  }
}
