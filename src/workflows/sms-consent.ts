/**
 * A customer's opt-out or START, kept durably in Temporal when the app's Postgres could not take it
 * (an opt-out must be honoured: docs/security.md). One workflow per phone number, started or
 * signalled with signal-with-start (src/consent/record.ts); it records each choice in order,
 * retrying until Postgres is back (the activity writes the consent ledger and tells that customer's
 * open commitments), and passes the words of an unsure opt-out to the latest one's owner. It
 * completes once nothing is left to record. Its contract is src/shared/contract/consent.ts.
 */
import { condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { customerMessageSignal, smsOptOutSignal } from '../shared/contract';
import { consentSignal, RECORD_CONSENT_ACTIVITY, type ConsentChoice } from '../shared/contract/consent';

/**
 * Histories recorded before this patch told the open commitments from here, after the activity;
 * since, the activity tells them itself (src/consent/record.ts, shared with the webhook).
 */
const TOLD_BY_ACTIVITY = 'consent-commitments-told-by-activity';

const { [RECORD_CONSENT_ACTIVITY]: recordConsent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // No attempt limit: an opt-out is owed until it is written. The cap keeps the wait after an
  // outage short.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export async function smsConsentWorkflow(phone: string): Promise<void> {
  const pending: ConsentChoice[] = [];
  setHandler(consentSignal, (choice) => void pending.push(choice));
  // A signal that arrives while the last one is recorded is picked up before the run completes.
  while (await condition(() => pending.length > 0, '1 second')) {
    const { optedOut, note } = pending.shift() as ConsentChoice;
    const workflowIds = await recordConsent(phone, optedOut);
    if (!patched(TOLD_BY_ACTIVITY)) {
      // A commitment that closed meanwhile cannot be signalled; it sends nothing more anyway.
      await Promise.allSettled(workflowIds.map((id) => getExternalWorkflowHandle(id).signal(smsOptOutSignal, { optedOut })));
    }
    // Newest change first; with nothing open the words stay in this workflow's history only.
    const latest = workflowIds[0];
    if (note && latest) {
      await getExternalWorkflowHandle(latest)
        .signal(customerMessageSignal, { text: note, readAsOptOut: true })
        .catch(() => undefined);
    }
  }
}
