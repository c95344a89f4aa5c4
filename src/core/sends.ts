/**
 * What a send's outcome means, decided in the core: which channels a message goes on, what the
 * timeline says about each channel's result, when a customer counts as unreachable or an alert as
 * unreached, and what a held text says when quiet hours release it. Pure, like the rest of the core:
 * the workflow's sender (src/workflows/shell/sender.ts) calls the deliver activity and carries out
 * what these functions answer, in the order they answer it; test/core/sends.unit.test.ts tests each
 * rule in milliseconds.
 */
import type { CommitmentState, HeldText, StaffContact } from '../shared/contract';
import type { Channel, ChannelResult } from '../shared/messages';
import { quietDelayMs } from '../shared/quiet-hours';
import { holdText, NoTextingTimeError, textingDelay, type TextingDelay, type TextingHold } from '../shared/texting-hours';
import { SYSTEM, type Command, type EventDraft, type MessageSpec } from './types';

/** What a send came to: the channels that took it, as the timeline words them, or why none did. */
export interface Delivery {
  /** The channels that took it ("SMS", "email (outbox…)"). */
  accepted: string[];
  /** Why nothing took it, when nothing did. */
  reason: string;
  /** Nothing took it because a bound on customer messages held it back, or it was folded (nobody is unreachable). */
  capped?: boolean;
}

/** One thing a send's outcome asks for, in order: a timeline entry, or a command to the core. */
export type SendStep = { kind: 'record'; event: EventDraft } | { kind: 'command'; command: Command };

/** What nobody taking a message leads to: a command (an alert's level moves on), or entries and a message to the owner. */
export type NobodyReached = { command: Command } | { events: EventDraft[]; send?: MessageSpec };

export const NAME: Record<Channel, string> = { sms: 'SMS', email: 'email' };

/** A channel that took a message, as the timeline words it. */
export const viaName = (r: ChannelResult): string => (r.status === 'outbox' ? `${NAME[r.channel]} (outbox: provider not configured)` : NAME[r.channel]);

const words = (purpose: string) => purpose.replace(/_/g, ' ');
const entry = (type: EventDraft['type'], detail: string): EventDraft => ({ type, detail, actor: SYSTEM });

/** The channels of a message to staff; the activity looks up their current addresses. */
export function staffChannels(audience: 'owner' | 'staff', owner: StaffContact): Channel[] {
  // A confirmation or a note to the owner needs one channel.
  if (audience === 'owner') return owner.email || !owner.phone ? ['email'] : ['sms'];
  // Alerts up the chain go everywhere the directory can reach them.
  return ['sms', 'email'];
}

/** The channels a message goes on: a customer's texts only while they have not opted out. */
export function channelsFor(s: CommitmentState, spec: MessageSpec): Channel[] {
  if (spec.audience === 'customer') {
    const sms: Channel[] = s.customer.phone && !s.smsOptedOut && s.wrongNumber !== s.customer.phone ? ['sms'] : [];
    return [...sms, ...(s.customer.email ? (['email'] as const) : [])];
  }
  return staffChannels(spec.audience, s.owner);
}

/** The channels a held text goes on when quiet hours end: by email if the customer opted out meanwhile. */
export function releaseChannels(s: CommitmentState): Channel[] {
  return s.smsOptedOut || s.wrongNumber === s.customer.phone ? (s.customer.email ? ['email'] : []) : ['sms'];
}

/** What the channels' results say: who took it, and the steps each result asks for, in the results' order. */
export function readResults(spec: MessageSpec, results: ChannelResult[]): Delivery & { steps: SendStep[] } {
  const steps: SendStep[] = [];
  const record = (type: EventDraft['type'], detail: string) => steps.push({ kind: 'record', event: entry(type, detail) });
  const accepted: string[] = [];
  let reason = 'every channel refused it';
  // Held back by a bound, or folded into an alert the supervisor already has: nobody is unreachable.
  const capped = results.length > 0 && results.every((r) => r.capped || r.status === 'folded' || r.status === 'skipped');
  const folded = results.find((r) => r.status === 'folded');
  const foldedWhy = (folded?.reason ?? 'folded into an earlier one.').replace(/^Not sent: /, '');
  if (folded) record('repeat_contact', `Repeat-contact alert not sent: ${foldedWhy}`);
  for (const r of results) {
    if (r.status === 'skipped' || r.status === 'folded') {
      reason = r.reason ?? reason;
      continue;
    }
    if (r.status === 'failed') {
      reason = r.reason ?? reason;
      const what = r.capped ? `not sent: ${reason.replace(/^Not sent: /, '')}` : `failed: ${reason}`;
      record('notification_failed', `${NAME[r.channel]} to the ${spec.audience} ${what}`);
      // Twilio knew of a STOP we had not heard: the commitment stops texting too.
      if (r.optedOut) steps.push({ kind: 'command', command: { type: 'smsConsent', optedOut: true } });
      continue;
    }
    if (r.fallback) record('delivery_fallback', `Sent by email instead, because the text could not be delivered (${reason}).`);
    accepted.push(viaName(r));
  }
  return { accepted, reason, ...(capped && results.some((r) => r.capped || r.status === 'folded') ? { capped } : {}), steps };
}

/** The message's own timeline entry once a channel took it ("Recap sent by SMS and email"). */
export function sentEntry(spec: MessageSpec, d: Delivery): EventDraft | undefined {
  return d.accepted.length && spec.sent ? entry(spec.sent.type, spec.sent.detail.replace('{via}', d.accepted.join(' and '))) : undefined;
}

/**
 * Whether nobody taking a message counts as nobody reached. A text held for quiet hours is not
 * (its email may still go), nor one a bound held back: the customer is not unreachable, so the
 * owner is not told.
 */
export const leftUnreached = (d: Delivery, heldMs: number): boolean => !d.accepted.length && heldMs === 0 && !d.capped;

/** No channel took it: an alert moves the chain on, the owner hears of an unreachable customer. */
export function whenNobodyReached(spec: MessageSpec, reason: string, ownerName: string): NobodyReached {
  if (spec.unreached) return { command: { ...spec.unreached, reason } };
  if (spec.audience !== 'customer') return { events: [] };
  return {
    events: [entry('customer_unreachable', `No channel reached the customer with the ${words(spec.purpose)}; ${ownerName} was told.`)],
    send: { purpose: 'owner_customer_unreachable', audience: 'owner', occurrence: `${spec.purpose}:${spec.occurrence}`, ctx: { purpose: spec.purpose } },
  };
}

/**
 * Whether a customer text may go now (docs/texting.md): the texting hours of the customer's place,
 * a state's limit on texts about one subject (`textsSent`: when this commitment's earlier texts
 * went), and the team's quiet hours. Commitments pinned before places were known, or under
 * TEXTING_HOURS=off, answer to quiet hours alone.
 */
export function textHold(s: CommitmentState, now: Date, textsSent: readonly number[]): TextingDelay {
  const { quietHours, texting } = s.policy;
  const zone = s.customer.timezone;
  if (!texting) {
    const delayMs = quietDelayMs(now, zone, quietHours);
    return delayMs > 0 && quietHours ? { delayMs, rule: QUIET_HOURS(quietHours) } : { delayMs: 0 };
  }
  const opts = { stateRules: texting.stateRules, sentAboutSubject: textsSent };
  try {
    return textingDelay(now, zone, s.customer.region, { ...opts, quietHours });
  } catch (err) {
    // Quiet hours that cover every lawful hour: the law alone decides rather than a text never going.
    if (err instanceof NoTextingTimeError) return textingDelay(now, zone, s.customer.region, opts);
    throw err;
  }
}

const QUIET_HOURS = (q: { start: string; end: string }): TextingHold => ({
  kind: 'quiet_hours',
  region: 'policy',
  name: 'quiet hours',
  citation: 'QUIET_HOURS',
  hours: `${q.start} to ${q.end}`,
});

/** A customer text waits for what held it (quiet hours, or the texting hours of the customer's place) to allow it. */
export function heldEntry(spec: MessageSpec, notBefore: string, hold?: TextingHold): { held: HeldText; event: EventDraft } {
  const why = hold && hold.kind !== 'quiet_hours' ? holdText(hold) : 'waits for quiet hours to end';
  return {
    held: { purpose: spec.purpose, occurrence: spec.occurrence, notBefore, ...(spec.ctx ? { ctx: spec.ctx } : {}), ...(hold ? { heldBy: hold.name } : {}) },
    event: entry('held_for_quiet_hours', `Text to the customer (${words(spec.purpose)}) ${why} at ${notBefore}.`),
  };
}

/** A state's limit on texts about one subject reached: the message goes by email alone, and the timeline says why. */
export const overLimitEntry = (spec: MessageSpec, hold: TextingHold): EventDraft =>
  entry('delivery_fallback', `Text to the customer (${words(spec.purpose)}) not sent: ${hold.name} (${hold.hours}) is reached, so it went by email instead.`);

/** A held text as the message it was. */
export function heldSpec(h: HeldText): MessageSpec {
  return { purpose: h.purpose, audience: 'customer', occurrence: h.occurrence, ...(h.ctx ? { ctx: h.ctx } : {}) } as MessageSpec;
}

/** A held text that went once what held it allowed it. */
export const releasedEntry = (h: HeldText, d: Delivery): EventDraft =>
  entry(
    'customer_message',
    `Held text (${words(h.purpose)}) sent ${h.heldBy && h.heldBy !== 'quiet hours' ? `once ${h.heldBy} allowed it` : 'after quiet hours'} by ${d.accepted.join(' and ')}.`,
  );

/** A text the provider accepted and then could not deliver, sent again by email. `happened` ends the sentence. */
export const resentEntry = (happened: string): EventDraft => entry('delivery_fallback', `Sent by email instead, because the text ${happened}.`);

/** The deliver activity gave up: whether the provider took it is unknown, and a missing alert must never read as sent. */
export const unresolvedEntry = (spec: MessageSpec, channels: Channel[], reason: string): EventDraft =>
  entry(
    'notification_unresolved',
    `Could not confirm the ${words(spec.purpose)} reached the ${spec.audience} (${channels.map((c) => NAME[c]).join(', ')}): ${reason}`,
  );
