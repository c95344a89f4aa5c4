/**
 * Which moments of a commitment's life leave Followthrough as events, and what each carries
 * (docs/events.md). Pure: the read model's writer calls `eventsOf` with the state and the timeline
 * entries it is about to append, so an event exists exactly when its entry does.
 */
import type { Actor, CommitmentState, TimelineEvent } from '../shared/contract';
import type { TimelineEventType } from '../shared/vocab';

/** Every type a subscription may ask for, less the prefix `followthrough.commitment.`. */
export const COMMITMENT_EVENT_TYPES = [
  'created',
  'reminded',
  'lapsed',
  'escalated',
  'acknowledged',
  'reassigned',
  'transferred',
  'extended',
  'paused',
  'resumed',
  'updated',
  'attempted',
  'moved_by_customer',
  'fulfilled',
  'confirmed',
  'rated',
  'unconfirmed',
  'reopened',
  'cancelled',
  'follow_up_created',
  'customer_unreachable',
  'staff_alert_unresolved',
  'escalation_unreached',
] as const;
export type CommitmentEventType = (typeof COMMITMENT_EVENT_TYPES)[number];

export const EVENT_PREFIX = 'followthrough.commitment.';
/** What "send a test event" sends: it belongs to no commitment. */
export const TEST_EVENT_TYPE = 'followthrough.test';
export const EVENT_TYPE_NAMES = COMMITMENT_EVENT_TYPES.map((t) => `${EVENT_PREFIX}${t}` as const);
export type EventTypeName = (typeof EVENT_TYPE_NAMES)[number];

/** The timeline entry each event tells of; entries not named here (messages sent, notes…) stay inside. */
const FROM_TIMELINE: Partial<Record<TimelineEventType, CommitmentEventType>> = {
  created: 'created',
  reminder_sent: 'reminded',
  lapsed: 'lapsed',
  escalated: 'escalated',
  acknowledged: 'acknowledged',
  reassigned: 'reassigned',
  transferred: 'transferred',
  extended: 'extended',
  paused: 'paused',
  resumed: 'resumed',
  progress_update: 'updated',
  attempted: 'attempted',
  moved_by_customer: 'moved_by_customer',
  fulfilled: 'fulfilled',
  confirmed: 'confirmed',
  rated: 'rated',
  closed_unconfirmed: 'unconfirmed',
  reopened: 'reopened',
  cancelled: 'cancelled',
  follow_up_created: 'follow_up_created',
  customer_unreachable: 'customer_unreachable',
  escalation_unreached: 'escalation_unreached',
};

/**
 * An unresolved message is a staff alert's when it was not the customer's: the core's sentence
 * names the audience (src/core/sends.ts, unresolvedEntry), and a customer's has its own event,
 * customer_unreachable, once no channel is left.
 */
function typeOf(e: Pick<TimelineEvent, 'type' | 'detail'>): CommitmentEventType | undefined {
  if (e.type === 'notification_unresolved') return /reached the customer \(/.test(e.detail) ? undefined : 'staff_alert_unresolved';
  return FROM_TIMELINE[e.type];
}

/** Whether a timeline entry goes out as an event to the subscriptions that want it. */
export const isEventEntry = (e: Pick<TimelineEvent, 'type' | 'detail'>): boolean => typeOf(e) !== undefined;

/** The commitment as `GET /v1/commitments/{id}` shows it, without its timeline (the event is one entry of it). */
export type EventCommitment = Omit<CommitmentState, 'version' | 'createdByKey'>;

export interface EventData {
  /** The timeline entry's position: increasing per commitment, so a receiver can order and deduplicate. */
  sequence: number;
  /** The entry as the timeline shows it. */
  entry: { type: TimelineEventType; at: string; detail: string };
  actor: Actor;
  /** The event's own details, where it has more than the entry's sentence. */
  details?: Record<string, unknown>;
  commitment: EventCommitment;
}

/** One row of outbound_events, before it is written. */
export interface OutboundEvent {
  id: string;
  commitmentId: string;
  seq: number;
  type: EventTypeName;
  teamId: string | null;
  time: string;
  data: EventData;
}

const SYSTEM: Actor = { kind: 'system', name: 'Followthrough' };

function detailsOf(type: CommitmentEventType, s: CommitmentState): Record<string, unknown> | undefined {
  switch (type) {
    case 'escalated':
      return s.escalation ? { reason: s.escalation.reason, ...(s.escalation.note ? { note: s.escalation.note } : {}) } : undefined;
    case 'extended':
    case 'resumed':
    case 'acknowledged':
    case 'moved_by_customer':
    case 'reopened':
      return { dueAt: s.dueAt };
    case 'attempted': {
      const last = s.attempts?.at(-1);
      return last ? { outcome: last.outcome, at: last.at } : undefined;
    }
    case 'fulfilled':
      return s.fulfilment ? { onTime: s.fulfilment.onTime } : undefined;
    case 'rated':
      return s.facts.satisfaction?.rating !== undefined ? { rating: s.facts.satisfaction.rating } : undefined;
    default:
      return undefined;
  }
}

/** The events the entries being appended tell of, each with the commitment as it stands after them. */
export function eventsOf(state: CommitmentState, entries: readonly TimelineEvent[]): OutboundEvent[] {
  const { version: _version, createdByKey: _key, ...commitment } = state;
  return entries.flatMap((e) => {
    const type = typeOf(e);
    if (!type) return [];
    const details = detailsOf(type, state);
    return [
      {
        id: `${state.id}:${e.seq}`,
        commitmentId: state.id,
        seq: e.seq,
        type: `${EVENT_PREFIX}${type}` as const,
        teamId: state.team?.id ?? null,
        time: e.at,
        data: {
          sequence: e.seq,
          entry: { type: e.type, at: e.at, detail: e.detail },
          actor: e.actor ?? SYSTEM,
          ...(details ? { details } : {}),
          commitment,
        },
      },
    ];
  });
}
