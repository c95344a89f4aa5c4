/**
 * A create and the bounds on customer messages (docs/security.md, "Bounds on messages per
 * recipient and per key"). Before the workflow starts, the create takes its recap's place in the
 * counts (per number, per email address, per key: src/db/message-cap.ts), with the same SQL the
 * worker counts by. The answer then says which recap will not be sent and why, and the worker,
 * when it records the recap, takes the same decision: the agent's warning and the customer's phone
 * never disagree, and a burst of creates is counted as it arrives, not as the workflows catch up.
 * The commitment itself is always created: the promise stands, only its messages are bounded.
 */
import { boundOf, CAPPED, releaseReservations, reserveWithinBounds } from '../../db/message-cap';
import { commitmentWorkflowId, type CommitmentInput } from '../../shared/contract';
import { notificationKey, type Channel } from '../../shared/messages';
import type { ApiDeps } from '../deps';
import type { CreateWarning } from '../resource';

const RECAP = { purpose: 'customer_recap', occurrence: '', audience: 'customer' } as const;
const VERB: Record<Channel, string> = { sms: 'texted', email: 'emailed' };

function recapKeys(input: CommitmentInput): { channel: Channel; recipient: string; key: string }[] {
  const workflowId = commitmentWorkflowId(input.id);
  const { phone, email } = input.customer;
  const places: [Channel, string | undefined][] = [
    ['sms', phone],
    ['email', email],
  ];
  return places.flatMap(([channel, recipient]) => {
    if (!recipient) return [];
    return [{ channel, recipient, key: notificationKey(workflowId, RECAP, channel) }];
  });
}

/** Reserves the recap's place on each channel; answers a warning for each channel it will not be sent on. */
export async function reserveRecap(deps: Pick<ApiDeps, 'db' | 'messageBounds'>, input: CommitmentInput): Promise<CreateWarning[]> {
  const bounds = deps.messageBounds;
  if (!bounds || !input.createdByKey) return [];
  const creatorKey = input.createdByKey;
  const decided = await Promise.all(
    recapKeys(input).map(async ({ channel, recipient, key }) => {
      const reason = await reserveWithinBounds(deps.db, { key, commitmentId: input.id, ...RECAP, channel, recipient, creatorKey }, bounds);
      if (!reason) return [];
      const why = reason.slice(CAPPED.length).trim();
      const detail = `The recap will not be ${VERB[channel]} to the customer: ${why} Read the promise back to them before they go.`;
      return [{ code: boundOf(reason), channel, detail }];
    }),
  );
  return decided.flat();
}

/** Gives the places back when the workflow could not be started (the worker counts afresh if it was). */
export async function releaseRecap(deps: Pick<ApiDeps, 'db'>, input: CommitmentInput): Promise<void> {
  await releaseReservations(
    deps.db,
    recapKeys(input).map((p) => p.key),
  );
}
