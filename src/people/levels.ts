/**
 * Who an escalation level means at the moment it is reached: the team's supervisor or the person
 * on call in a rotation, looked up in the directory then (as PagerDuty does), not at creation.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { LevelTarget, StaffContact } from '../shared/contract';
import { untilCancelled } from '../activities/postgres-wait';

export interface LevelQuery {
  commitmentId: string;
  teamId: string | undefined;
  target: LevelTarget;
  /** The team's supervisor pinned at creation: the answer when the directory has none. */
  supervisor: StaffContact;
  at: string;
}

export interface ResolvedLevel {
  contact: StaffContact;
  /** A sentence for the timeline: "On call for Billing: Sam Okafor (rotation handed over at 09:00)." */
  resolution?: string;
}

export type LevelResolver = (q: LevelQuery) => Promise<ResolvedLevel>;

export function createLevelResolver(resolve: LevelResolver | undefined) {
  return async function resolveEscalationLevel(q: LevelQuery): Promise<ResolvedLevel> {
    if (q.target.kind === 'staff') return { contact: q.target.staff };
    // A local activity: its timeout must end the wait, not the query's own (./postgres-wait.ts).
    if (resolve) return untilCancelled(resolve(q));
    if (q.target.kind === 'supervisor') return { contact: q.supervisor };
    throw ApplicationFailure.create({ nonRetryable: true, message: `No directory is configured to tell who is on call in ${q.target.name}.` });
  };
}
