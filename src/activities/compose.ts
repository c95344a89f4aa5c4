/**
 * Who a message goes to and what it says: the recipient's current address (a staff member's from
 * the directory, so a changed number is used from then on), and the rendered words with the links
 * and details only the activity knows (answer links, the console link, first text to a number).
 */
import type { Pool } from 'pg';
import { findCommitment } from '../db/commitments';
import { answerLinks, pageLink } from '../links';
import { render, type RenderedMessage } from '../messages/templates';
import { needsWholeStory } from '../shared/contract/purposes';
import type { MessageRequest } from '../shared/messages';
import { WAIT_FOR_POSTGRES, type PostgresWait } from './postgres-wait';

export interface Recipient {
  name: string;
  phone?: string;
  email?: string;
}

/** The directory's current contact details of a staff member, if it knows them. */
export type StaffLookup = (staffId: string) => Promise<Recipient | undefined>;

export interface ComposeDeps {
  db: Pool;
  clock: () => Date;
  brand: string;
  /** PUBLIC_BASE_URL and LINK_SECRET: answer links, console links. */
  links?: { baseUrl: string; secret: string };
  staff?: StaffLookup;
}

/** `wait`: how long Postgres may keep the words waiting (a staff alert's budget, ./postgres-wait.ts); unbounded by default. */
export type Composer = (r: MessageRequest, to: Recipient, extra: { firstText: boolean; wait?: PostgresWait }) => Promise<RenderedMessage>;

/** Messages whose reader takes the case over get the whole history, not the recent part. */

/** The directory's current contact; the snapshot the workflow holds when the directory cannot say (in time). */
export async function recipientOf(deps: ComposeDeps, r: MessageRequest, wait: PostgresWait = WAIT_FOR_POSTGRES): Promise<Recipient> {
  if (r.audience === 'customer') return r.commitment.customer;
  const snapshot = r.to ?? r.commitment.owner;
  const { staff } = deps;
  const current = staff ? await wait.within(() => staff(snapshot.id)).catch(() => undefined) : undefined;
  return current ?? snapshot;
}

export function createComposer(deps: ComposeDeps): Composer {
  return async (r, to, extra) => {
    let commitment = r.commitment;
    if (needsWholeStory(r.purpose)) {
      // Unread in time, the history is left out and the message says where to find it.
      const stored = await (extra.wait ?? WAIT_FOR_POSTGRES).within(() => findCommitment(deps.db, commitment.id));
      if (stored && stored.timeline.length > commitment.timeline.length) commitment = { ...commitment, timeline: stored.timeline };
    }
    const ctx: Record<string, string> = { ...r.ctx };
    if (extra.firstText) ctx.firstText = 'yes';
    if (deps.links) {
      const page = `${deps.links.baseUrl}/commitments/${commitment.id}`;
      if (r.audience !== 'customer') Object.assign(ctx, { link: page, ackLink: `${page}?do=acknowledge` });
      // The customer's own page: pick another time, or say they still need help.
      if (r.purpose === 'customer_recap' || r.purpose === 'customer_attempted')
        ctx.pageLink = pageLink({ ...deps.links, commitmentId: commitment.id, now: deps.clock().getTime() });
      if (r.purpose === 'satisfaction_ask' || r.purpose === 'satisfaction_reminder' || r.purpose === 'satisfaction_reask') {
        Object.assign(
          ctx,
          answerLinks({
            ...deps.links,
            commitmentId: commitment.id,
            cycle: commitment.facts.reopenCount,
            validMs: commitment.policy.confirmWithinMs,
            now: deps.clock().getTime(),
          }),
        );
      }
    }
    return render(r.purpose, commitment, deps.clock(), { recipient: to, ctx, brand: deps.brand });
  };
}
