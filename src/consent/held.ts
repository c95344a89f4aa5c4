/**
 * The send-side check: numbers whose STOP or START Temporal holds and the consent ledger does not
 * have yet, as a consent workflow (src/workflows/sms-consent.ts) is still running for them. A
 * customer text to such a number waits until the choice is written, or an extension made while
 * Postgres was down would text a customer who had already said STOP (the fault suite's "STOP
 * while Postgres is down").
 *
 * One visibility query per worker process a second at most, however many texts go out: the
 * answer is shared for that second.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { CONSENT_WORKFLOW_PREFIX, CONSENT_WORKFLOW_TYPE } from '../shared/contract/consent';

export type ConsentHeld = (phone: string) => Promise<boolean>;

const HELD = `WorkflowType = '${CONSENT_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;

/** The worker's own client, from the activity's context; none when called outside an activity (unit tests). */
function workerClient(): Client | undefined {
  try {
    return Context.current().client;
  } catch {
    return undefined;
  }
}

/** `client`: how to reach Temporal (default: the worker's own client). */
export function createConsentHeld(o: { client?: () => Client | undefined; everyMs?: number; now?: () => number } = {}): ConsentHeld {
  const client = o.client ?? workerClient;
  const everyMs = o.everyMs ?? 1_000;
  const now = o.now ?? Date.now;
  let last: { at: number; phones: Promise<Set<string>> } | undefined;
  const held = async (): Promise<Set<string>> => {
    const phones = new Set<string>();
    const temporal = client();
    if (!temporal) return phones;
    for await (const w of temporal.workflow.list({ query: HELD })) phones.add(w.workflowId.slice(CONSENT_WORKFLOW_PREFIX.length));
    return phones;
  };
  return async (phone) => {
    if (!last || now() - last.at >= everyMs) {
      const asked = { at: now(), phones: held() };
      last = asked;
      // A failed listing is not kept: the next text asks again (this one's attempt is retried).
      asked.phones.catch(() => {
        if (last === asked) last = undefined;
      });
    }
    return (await last.phones).has(phone);
  };
}
