/**
 * A customer's opt-out or START, kept durably in Temporal when the app's Postgres could not take it
 * (an opt-out must be honoured: docs/security.md). One workflow per phone number, started or
 * signalled with signal-with-start; it records each choice in order, retrying until Postgres is
 * back, then tells that customer's open commitments, and passes the words of an unsure opt-out to
 * the latest one's owner. It completes once nothing is left to record.
 */
import { condition, defineSignal, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { customerMessageSignal, smsOptOutSignal } from '../shared/contract';

export interface SmsConsentChoice {
  optedOut: boolean;
  /** The customer's words, when they were read as an opt-out without certainty: the owner reads them. */
  note?: string;
}
export const smsConsentSignal = defineSignal<[SmsConsentChoice]>('smsConsent');

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
  const pending: SmsConsentChoice[] = [];
  setHandler(smsConsentSignal, (choice) => void pending.push(choice));
  // A signal that arrives while the last one is recorded is picked up before the run completes.
  while (await condition(() => pending.length > 0, '1 second')) {
    const { optedOut, note } = pending.shift() as SmsConsentChoice;
    const workflowIds = await recordSmsConsent(phone, optedOut);
    // A commitment that closed meanwhile cannot be signalled; it sends nothing more anyway.
    await Promise.allSettled(workflowIds.map((id) => getExternalWorkflowHandle(id).signal(smsOptOutSignal, { optedOut })));
    // Newest change first; with nothing open the words stay in this workflow's history only.
    const latest = workflowIds[0];
    if (note && latest) {
      await getExternalWorkflowHandle(latest)
        .signal(customerMessageSignal, { text: note, readAsOptOut: true })
        .catch(() => undefined);
    }
  }
}
