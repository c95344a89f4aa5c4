/**
 * Counting one kind of message for a scenario's commitments: how many arrived at the sink once,
 * more than once, or never; and what the product recorded about each (its notifications row and
 * its timeline), so "recorded as sent, but it never arrived" shows up.
 */
import { distribution, round } from '../bench/stats';
import type { Received } from './control';
import type { Cohort } from './population';

type Sms = Received['sms'][number];
type Email = Received['email'][number];

export interface MessageKind {
  /** notifications.purpose */
  purpose: string;
  sms: (c: Cohort, i: number, m: Sms) => boolean;
  email: (c: Cohort, i: number, m: Email) => boolean;
  /** The timeline event that says it went out, if the product writes one. */
  claimed?: string;
}

export const SUPERVISOR_ALERT: MessageKind = {
  purpose: 'supervisor_alert',
  sms: (c, i, m) => m.to === c.supervisor(i).phone,
  email: (c, i, m) => m.to.includes(c.supervisor(i).email),
  claimed: 'supervisor_alerted',
};

export const CUSTOMER_NOTICE: MessageKind = {
  purpose: 'customer_escalated',
  sms: (c, i, m) => m.to === c.customer(i).phone && m.body.includes('a supervisor, now owns it'),
  email: (c, i, m) => m.to.includes(c.customer(i).email) && m.subject.startsWith('A supervisor now owns your request'),
  claimed: 'customer_told_escalated',
};

export const RECAP: MessageKind = {
  purpose: 'customer_recap',
  sms: (c, i, m) => m.to === c.customer(i).phone && m.body.includes('is handling this'),
  email: (c, i, m) => m.to.includes(c.customer(i).email) && m.subject.includes('will get back to you by') && !m.subject.startsWith('New time'),
  claimed: 'customer_recap_sent',
};

export const EXTENSION: MessageKind = {
  purpose: 'customer_extended',
  sms: (c, i, m) => m.to === c.customer(i).phone && m.body.includes('an update on'),
  email: (c, i, m) => m.to.includes(c.customer(i).email) && m.subject.startsWith('New time'),
};

export interface ChannelCount {
  expected: number;
  received: number;
  lost: number;
  /** Messages that arrived more than once, and the copies beyond the first. */
  duplicated: number;
  extraCopies: number;
  /** Copies of a duplicated message: the fewest and the most. */
  copies?: { min: number; max: number };
  /** Email: extra copies that reused an earlier copy's Message-ID, which mail clients fold into one. */
  folded?: number;
  /** Lost, yet the notifications row says it went out (not failed, undelivered or unresolved). */
  recordedSentButLost: number;
  /** notifications.status of these messages, counted ("none": no row). */
  recorded: Record<string, number>;
  /** Seconds from `from` (the deadline) to the first copy: median and slowest. */
  lagS?: { p50: number; max: number };
}

export interface MessageCount {
  sms: ChannelCount;
  email: ChannelCount;
  /** Neither channel arrived. */
  neither: number;
  /** The timeline says it went out, yet neither channel arrived. */
  claimedButNothingArrived: number;
}

/** What the product recorded, per commitment id. */
export interface Recorded {
  timelines: Map<string, Set<string>>;
  /** `${commitmentId}:${purpose}:${channel}` → status */
  notifications: Map<string, string>;
}

/**
 * Ledger statuses (src/db/notifications.ts) that admit the message is not known to have gone out:
 * not yet tried, waiting for a retry, its outcome unknown, refused, reported undeliverable, or
 * given up on. Anything else (sending, accepted, sent, delivered, outbox) claims it went.
 */
const HONEST_MISSING = new Set(['pending', 'retrying', 'ambiguous', 'failed', 'undelivered', 'unresolved']);

function channelCount<M extends { at: number }>(
  ids: (string | undefined)[],
  copiesOf: (i: number) => M[],
  recordedStatus: (id: string) => string,
  from: number,
  distinctIds?: (copies: M[]) => number,
): ChannelCount {
  const count: ChannelCount = { expected: 0, received: 0, lost: 0, duplicated: 0, extraCopies: 0, recordedSentButLost: 0, recorded: {} };
  if (distinctIds) count.folded = 0;
  const lags: number[] = [];
  ids.forEach((id, i) => {
    if (!id) return;
    count.expected += 1;
    const copies = copiesOf(i);
    const status = recordedStatus(id);
    count.recorded[status] = (count.recorded[status] ?? 0) + 1;
    if (copies.length === 0) {
      count.lost += 1;
      if (status !== 'none' && !HONEST_MISSING.has(status)) count.recordedSentButLost += 1;
      return;
    }
    count.received += 1;
    lags.push((Math.min(...copies.map((m) => m.at)) - from) / 1000);
    if (copies.length > 1) {
      count.duplicated += 1;
      count.extraCopies += copies.length - 1;
      count.copies = { min: Math.min(count.copies?.min ?? Infinity, copies.length), max: Math.max(count.copies?.max ?? 0, copies.length) };
      if (distinctIds && count.folded !== undefined) count.folded += copies.length - distinctIds(copies);
    }
  });
  if (lags.length) {
    const d = distribution(lags);
    count.lagS = { p50: round(d.p50), max: round(d.max) };
  }
  return count;
}

/** The earliest copy that reached one of these addresses (numbers or email addresses), and its channel. */
export function firstArrival(received: Received, to: RegExp): { at: number; channel: 'sms' | 'email' } | undefined {
  const sms = received.sms.filter((m) => to.test(m.to)).map((m) => ({ at: m.at, channel: 'sms' as const }));
  const email = received.email.filter((m) => m.to.some((a) => to.test(a))).map((m) => ({ at: m.at, channel: 'email' as const }));
  return [...sms, ...email].sort((a, b) => a.at - b.at)[0];
}

export function countMessages(kind: MessageKind, c: Cohort, ids: (string | undefined)[], received: Received, recorded: Recorded, from: number): MessageCount {
  const smsOf = (i: number) => received.sms.filter((m) => kind.sms(c, i, m));
  const emailOf = (i: number) => received.email.filter((m) => kind.email(c, i, m));
  const status = (channel: string) => (id: string) => recorded.notifications.get(`${id}:${kind.purpose}:${channel}`) ?? 'none';
  let neither = 0;
  let claimedButNothingArrived = 0;
  ids.forEach((id, i) => {
    if (!id || smsOf(i).length > 0 || emailOf(i).length > 0) return;
    neither += 1;
    if (kind.claimed && recorded.timelines.get(id)?.has(kind.claimed)) claimedButNothingArrived += 1;
  });
  return {
    sms: channelCount(ids, smsOf, status('sms'), from),
    email: channelCount(ids, emailOf, status('email'), from, (copies) => new Set(copies.map((m) => m.messageId)).size),
    neither,
    claimedButNothingArrived,
  };
}
