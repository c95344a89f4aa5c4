/**
 * Activities are built by a factory from injected clients, so the worker entry is the only place
 * that reads config and tests can hand in real servers of their own. Workflows see only the type:
 * `proxyActivities<Activities>()`.
 */
import type { Pool } from 'pg';
import type { MailSender, SmsSender } from '../channels/types';
import { recordCommitment } from '../db/commitments';
import type { CommitmentState, TimelineEvent } from '../shared/contract';
import { createDeliver } from './deliver';
import { createRetentionActivities } from './retention';

export interface ActivityDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  /** Injected so message wording ("today", "tomorrow") is testable. */
  clock?: () => Date;
  log?: (line: string) => void;
  /** PUBLIC_BASE_URL and LINK_SECRET, for answer links in emails and Twilio status callbacks. */
  links?: { baseUrl: string; secret: string };
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    /** Writes the state and new timeline events to the read model; idempotent by version and event id. */
    async recordCommitment(state: CommitmentState, events: TimelineEvent[]): Promise<void> {
      await recordCommitment(deps.db, state, events);
    },
    deliver: createDeliver({ ...deps, clock }),
    ...createRetentionActivities({ db: deps.db, clock }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { DeliveryRequest, DeliveryOutcome } from './deliver';
