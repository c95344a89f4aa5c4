/**
 * Activities are built by a factory from injected clients, so the worker's composition root is the
 * only place that reads config and tests can hand in real servers of their own. Workflows see only
 * the type: `proxyActivities<Activities>()`.
 */
import type { Pool } from 'pg';
import type { MailSender, SmsSender } from '../channels/types';
import { createConsentActivities } from '../consent/activities';
import { createConsentHeld, type ConsentHeld } from '../consent/held';
import { recordCommitment } from '../db/commitments';
import type { MessageBounds } from '../db/message-cap';
import { markUnresolved, recordLate } from '../db/notifications';
import { directoryStaffLookup } from '../people/contacts';
import { createLevelResolver, directoryLevelResolver, type LevelResolver } from '../people/levels';
import type { CommitmentState, TimelineEvent } from '../shared/contract';
import { DEFAULT_BRAND } from '../messages/purposes';
import type { LedgerEntry } from '../shared/messages';
import { createClosedReplyActivities } from './closed-reply';
import type { StaffLookup } from './compose';
import { createDeliverMessage } from './deliver';
import { createLegacyDeliver } from './legacy-deliver';
import { untilCancelled } from './postgres-wait';
import { createRetentionActivities } from './retention';
import { createPump } from '../events/pump';
import type { ReceiverPolicy } from '../events/receivers';

export interface ActivityDeps {
  db: Pool;
  sms: SmsSender;
  mail: MailSender;
  /** Injected so message wording ("today", "tomorrow") is testable. */
  clock?: () => Date;
  log?: (line: string) => void;
  /** PUBLIC_BASE_URL and LINK_SECRET, for answer links, console links and Twilio status callbacks. */
  links?: { baseUrl: string; secret: string };
  /** BRAND_NAME: the business every customer text names. */
  brand?: string;
  /** The bounds on messages to customers: per commitment, per address, per creating key (unset: none). */
  messageBounds?: MessageBounds;
  /** The domain of our Message-IDs: MAIL_FROM's (src/channels/mail-from.ts), else followthrough.invalid. */
  messageIdDomain?: string;
  /** The directory (default: the staff tables in `db`): current contact details, and who a team or rotation level means right now. */
  staff?: StaffLookup;
  resolveLevel?: LevelResolver;
  /** Whether Temporal still holds a STOP or START for a number (default: asks the worker's Temporal client). */
  consentHeld?: ConsentHeld;
  /** Where events may be delivered (src/events/receivers.ts); default: public https receivers only. */
  receivers?: ReceiverPolicy;
}

export function createActivities(deps: ActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  const deliverMessage = createDeliverMessage({
    ...deps,
    staff: deps.staff ?? directoryStaffLookup(deps.db),
    clock,
    brand: deps.brand ?? DEFAULT_BRAND,
    messageIdDomain: deps.messageIdDomain ?? 'followthrough.invalid',
    consentHeld: deps.consentHeld ?? createConsentHeld(),
    ...(deps.sms.live && deps.links ? { statusCallback: `${deps.links.baseUrl}/v1/webhooks/twilio/status` } : {}),
  });
  return {
    /** Writes the state and new timeline events to the read model; idempotent by version and event id. */
    async recordCommitment(state: CommitmentState, events: TimelineEvent[]): Promise<void> {
      await untilCancelled(recordCommitment(deps.db, state, events));
    },
    deliverMessage,
    /** Model-1 workflows' per-channel send, on the same at-least-once delivery. */
    deliver: createLegacyDeliver(deliverMessage),
    async markNotificationsUnresolved(keys: string[]): Promise<void> {
      await untilCancelled(markUnresolved(deps.db, keys));
    },
    /** The rows of staff alerts sent while Postgres was out of reach, written once it is back; idempotent by key. */
    async recordNotificationsLate(entries: LedgerEntry[]): Promise<void> {
      await recordLate(deps.db, entries);
    },
    resolveEscalationLevel: createLevelResolver(deps.resolveLevel ?? directoryLevelResolver(deps.db)),
    ...createRetentionActivities({ db: deps.db, clock }),
    ...createConsentActivities({ db: deps.db }),
    ...createClosedReplyActivities({ db: deps.db }),
    ...createPump({ db: deps.db, mail: deps.mail, receivers: deps.receivers ?? { insecure: false, allowedRanges: [] }, log: deps.log ?? console.log }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
