/**
 * The opt-out ledger's writer for STOP and START kept in Temporal (src/workflows/sms-consent.ts):
 * used when the API could not write it to Postgres itself. Retried by the workflow until Postgres
 * answers, then the customer's open commitments are told.
 */
import type { Pool } from 'pg';
import { optIn, optOut } from '../db/opt-outs';
import { openWorkflowsForPhone } from '../db/replies';

export function createSmsConsentActivities(deps: { db: Pool }) {
  return {
    /** Records the choice and returns the workflows of the customer's open commitments. */
    async recordSmsConsent(phone: string, optedOut: boolean): Promise<string[]> {
      if (optedOut) await optOut(deps.db, phone);
      else await optIn(deps.db, phone);
      return openWorkflowsForPhone(deps.db, phone);
    },
  };
}
