/**
 * Activities are built by a factory from injected clients, so the worker entry is the only place
 * that reads config and tests can hand in real servers of their own. Workflows see only the type:
 * `proxyActivities<Activities>()`.
 */
import type { Pool } from 'pg';
import type { MailSender, SmsSender } from '../channels/types';
import { saveCommitment } from '../db/commitments';
import type { CommitmentView } from '../shared/contract';
import { createDeliver } from './deliver';

export interface ActivityDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  /** Injected so message wording ("today", "tomorrow") is testable. */
  clock?: () => Date;
  log?: (line: string) => void;
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    /** Writes the workflow's current view to the read model; idempotent by `version`. */
    async recordCommitment(view: CommitmentView): Promise<void> {
      await saveCommitment(deps.db, view);
    },
    deliver: createDeliver({ ...deps, clock }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { DeliveryRequest, DeliveryOutcome } from './deliver';
