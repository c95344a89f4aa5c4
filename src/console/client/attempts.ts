/**
 * Callback attempts as the console says them (POST /v1/commitments/:id/attempts): each one's
 * outcome and time on the viewer's clock, and who made them, named from the timeline entry the
 * attempt wrote (an attempt keeps only a staff id). No DOM here: the unit tests use it too.
 */
import type { Commitment } from '../../api/resource';
import { dayText, hourMinute } from '../../messages/time';
import { counted, OUTCOME_WORDS } from './words';

export type Attempt = NonNullable<Commitment['attempts']>[number];

/** "3:10 PM" today, "3:10 PM on Friday, Nov 27" another day, on `zone`'s clock. */
export function attemptTime(at: string, zone: string, now: Date): string {
  const day = dayText(new Date(at), zone, now);
  return `${hourMinute(new Date(at), zone)}${day === 'today' ? '' : ` ${day}`}`;
}

/** "no answer 3:10 PM": one attempt's outcome and time. */
export const attemptText = (a: Pick<Attempt, 'at' | 'outcome'>, zone: string, now: Date) => `${OUTCOME_WORDS[a.outcome]} ${attemptTime(a.at, zone, now)}`;

/**
 * Who made an attempt: the person of the `attempted` timeline entry written at the same instant;
 * else its owner when the id is theirs; else the id as recorded.
 */
export function attemptBy(a: Attempt, c: Pick<Commitment, 'owner'> & { timeline?: Commitment['timeline'] }): string {
  const entry = c.timeline?.find((e) => e.type === 'attempted' && e.at === a.at && e.actor);
  if (entry?.actor) return entry.actor.name;
  return a.by === c.owner.id ? c.owner.name : a.by;
}

/**
 * "2 — no answer 3:10 PM, voicemail 3:40 PM (Dana Reyes)": how many, each one, and who, once
 * when one person made them all, else after each. Undefined when none were logged.
 */
export function attemptsSummary(c: Pick<Commitment, 'attempts' | 'owner'> & { timeline?: Commitment['timeline'] }, zone: string, now: Date) {
  const attempts = c.attempts ?? [];
  if (!attempts.length) return undefined;
  const by = attempts.map((a) => attemptBy(a, c));
  const one = by.every((b) => b === by[0]);
  const items = attempts.map((a, i) => `${attemptText(a, zone, now)}${one ? '' : ` (${by[i]})`}`);
  return `${attempts.length} — ${items.join(', ')}${one ? ` (${by[0]})` : ''}`;
}

/**
 * "2 attempts, last: no answer 3:10 PM", for a card: from the attempts themselves (a commitment
 * or a list item) or from a count and the latest (a board row). Undefined when none were logged.
 */
export function attemptsCount(
  attempts: readonly Pick<Attempt, 'at' | 'outcome'>[] | number | undefined,
  latest: Pick<Attempt, 'at' | 'outcome'> | null | undefined,
  zone: string,
  now: Date,
): string | undefined {
  const n = typeof attempts === 'number' ? attempts : (attempts?.length ?? 0);
  const last = typeof attempts === 'number' ? latest : attempts?.at(-1);
  if (n <= 0) return undefined;
  return `${counted(n, 'attempt')}${last ? `, last: ${attemptText(last, zone, now)}` : ''}`;
}
