/**
 * Recording a customer's choice: write it to the consent ledger (./ledger.ts), then tell the
 * customer's open commitments, whose timelines say texts stopped or resumed and whose held texts go
 * by email instead. The one path for the Twilio webhook (src/api/twilio/sms.ts) and for the consent
 * workflow's activity (./activities.ts), which records a choice Temporal kept while Postgres was down.
 *
 * Also the webhook's fallback, `keepConsentInTemporal`: when Postgres cannot take a choice, the
 * number's consent workflow (src/workflows/sms-consent.ts) keeps it until Postgres is back.
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { openWorkflowsForPhone } from '../db/replies';
import { consentSignal, consentWorkflowId, CONSENT_WORKFLOW_TYPE, type ConsentChoice } from '../shared/contract/consent';
import type { smsConsentWorkflow } from '../workflows/sms-consent';
import { giveConsent, withdrawConsent } from './ledger';

/**
 * Tells one commitment's workflow that its customer's consent changed (the commitment's `smsOptOut`
 * signal). Resolves when told, or when that workflow is gone: it sends nothing more anyway.
 */
export type TellCommitment = (workflowId: string, choice: Pick<ConsentChoice, 'optedOut'>) => Promise<unknown>;

export interface RecordConsentDeps {
  db: Pool;
  tell: TellCommitment;
}

export interface RecordedConsent {
  /** Whether the ledger changed: false for a withdrawal already written or a START with nothing to give back. */
  changed: boolean;
  /** The open commitments' workflows, newest change first; none when nothing was to be told. */
  workflowIds: string[];
  /** Those whose `tell` failed: the ledger is written, and every send reads it, but their timelines miss the change. */
  untold: string[];
}

/**
 * Writes the choice, then tells every open commitment of the number. A failure to write (or to find
 * the commitments) is thrown, and nobody is told; a failure to tell is answered in `untold`.
 * `onlyIfWithdrawn`: a YES gives consent back only to a number that had withdrawn it, and tells no
 * one otherwise.
 */
export async function recordConsent(
  deps: RecordConsentDeps,
  phone: string,
  choice: Pick<ConsentChoice, 'optedOut'>,
  opts: { onlyIfWithdrawn?: boolean } = {},
): Promise<RecordedConsent> {
  const optedOut = choice.optedOut;
  const changed = optedOut ? await withdrawConsent(deps.db, phone) : await giveConsent(deps.db, phone);
  if (opts.onlyIfWithdrawn && !optedOut && !changed) return { changed, workflowIds: [], untold: [] };
  const workflowIds = await openWorkflowsForPhone(deps.db, phone);
  // async: a `tell` that throws at once is settled like one that rejects.
  const told = await Promise.allSettled(workflowIds.map(async (id) => deps.tell(id, { optedOut })));
  return { changed, workflowIds, untold: workflowIds.filter((_, i) => told[i]?.status === 'rejected') };
}

export interface KeepDeps {
  client: Client;
  taskQueue: string;
  /** Bounds the call to Temporal (the API's deadline). */
  within: <T>(call: () => Promise<T>) => Promise<T>;
  log?: ((line: string) => void) | undefined;
}

/** Hands the choice (and an unsure withdrawal's words) to the number's consent workflow, starting it if need be. */
export async function keepConsentInTemporal(deps: KeepDeps, phone: string, choice: ConsentChoice): Promise<void> {
  await deps.within(() =>
    deps.client.workflow.signalWithStart<typeof smsConsentWorkflow, [ConsentChoice]>(CONSENT_WORKFLOW_TYPE, {
      workflowId: consentWorkflowId(phone),
      taskQueue: deps.taskQueue,
      args: [phone],
      signal: consentSignal,
      signalArgs: [{ optedOut: choice.optedOut, ...(choice.note ? { note: choice.note } : {}) }],
    }),
  );
  // The workflow's id names the number: the log line does not.
  deps.log?.(`sms: Postgres unavailable, a ${choice.optedOut ? 'STOP' : 'START'} kept in Temporal by its consent workflow`);
}
