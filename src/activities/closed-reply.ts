/**
 * The activities of a text that came after a customer's commitments closed
 * (src/workflows/closed-reply.ts): who it goes to, and its entries in the closed commitment's
 * timeline. Both are safe to retry.
 */
import type { Pool } from 'pg';
import { appendAfterClose, type LateEntry, type LateWrite } from '../db/after-close';
import { findCommitment } from '../db/commitments';
import { findStaff } from '../people/store/staff';
import { isClosed, type CommitmentView, type StaffContact } from '../shared/contract';

export interface ClosedReplyTarget {
  /** The commitment without its timeline, as the deliver activity expects it. */
  commitment: CommitmentView;
  to: StaffContact;
  /** owner: the last owner; staff: the team's supervisor, standing in for an owner who left. */
  audience: 'owner' | 'staff';
}

export function createClosedReplyActivities(deps: { db: Pool }) {
  return {
    /** The last owner of a closed commitment, or its supervisor when the owner is no longer active; undefined if it is gone or open again. */
    async closedReplyTarget(commitmentId: string): Promise<ClosedReplyTarget | undefined> {
      const found = await findCommitment(deps.db, commitmentId);
      if (!found || !isClosed(found.status)) return undefined;
      const commitment = { ...found, timeline: [] };
      const owner = await findStaff(deps.db, found.owner.id);
      if (owner && !owner.active) return { commitment, to: found.supervisor, audience: 'staff' };
      return { commitment, to: found.owner, audience: 'owner' };
    },

    /** Appends an entry to a closed commitment's timeline, once per marker. */
    async recordLateEntry(commitmentId: string, marker: string, entry: LateEntry): Promise<LateWrite> {
      return appendAfterClose(deps.db, commitmentId, marker, entry);
    },
  };
}
