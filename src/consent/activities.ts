/**
 * The consent workflow's activity (src/workflows/sms-consent.ts): records a STOP or START that
 * Temporal kept because the API could not write it to Postgres. Retried by the workflow until
 * Postgres answers and every open commitment is told (./record.ts, as the webhook does).
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool } from 'pg';
import { smsOptOutSignal } from '../shared/contract';
import { RECORD_CONSENT_ACTIVITY } from '../shared/contract/consent';
import { recordConsent, type TellCommitment } from './record';

/** Through the worker's own client; a commitment whose workflow has completed is not told, as it sends nothing more. */
const tellFromActivity: TellCommitment = async (workflowId, choice) => {
  try {
    await Context.current().client.workflow.getHandle(workflowId).signal(smsOptOutSignal, choice);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
};

export function createConsentActivities(deps: { db: Pool; tell?: TellCommitment }) {
  return {
    /**
     * Records the choice, tells the customer's open commitments, and returns their workflows,
     * newest change first (the workflow gives an unsure withdrawal's words to the first).
     * Registered under its wire name (RECORD_CONSENT_ACTIVITY): histories name it.
     */
    async [RECORD_CONSENT_ACTIVITY](phone: string, optedOut: boolean): Promise<string[]> {
      const recorded = await recordConsent({ db: deps.db, tell: deps.tell ?? tellFromActivity }, phone, { optedOut });
      // Written, but a commitment was not told: this attempt fails and the next writes (a no-op) and tells again.
      if (recorded.untold.length > 0) throw new Error(`consent recorded; ${recorded.untold.length} open commitment(s) not told yet`);
      return recorded.workflowIds;
    },
  };
}
