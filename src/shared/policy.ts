/**
 * A commitment's policy, pinned into it at creation: the escalation chain (from the owner's team),
 * the windows it waits, and the quiet hours its texts respect. Sandbox-safe: types only.
 */
import type { StaffContact } from './model';

/**
 * Who an escalation level alerts, as pinned into the commitment at creation (a person with their
 * contact as it was then); resolved when the level is reached (as PagerDuty
 * does). The directory's own form, by id, is `DirectoryLevelTarget` (src/people/model.ts).
 */
export type PinnedLevelTarget = { kind: 'staff'; staff: StaffContact } | { kind: 'supervisor' } | { kind: 'rotation'; rotationId: string; name: string };

export interface EscalationLevel {
  target: PinnedLevelTarget;
  /** How long this level has to acknowledge before the next level is alerted. */
  ackWithinMs: number;
  /**
   * Alerted only while the team's calendar is open; after hours the next level is alerted instead
   * (docs/business-hours.md#after-hours). Pinned only when true: absent is false, as on every
   * commitment pinned before it existed.
   */
  businessHoursOnly?: boolean;
  /** The acknowledge window counts the team's open time (docs/business-hours.md). Pinned only when 'business'. */
  ackClock?: 'business';
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  /** How many more times the whole chain is walked after the first pass, while nobody acknowledges. */
  repeat: number;
  /** After this many callback attempts that did not get through, the owner is asked to close it or hand it on (absent: 3). */
  attemptsBeforePrompt?: number;
}

/** Local times of day ("21:00", "08:00:30") in the customer's zone between which texts wait. */
export interface QuietHours {
  start: string;
  end: string;
}

export interface CommitmentPolicy {
  /** Owner reminder this long before the deadline; unset: 10 minutes, or 80% into a short window. */
  remindBeforeMs?: number;
  /** After fulfilment (or `pendingUntil`), wait this long before asking whether it is resolved. */
  confirmAfterMs: number;
  /** How long the customer has to answer; one reminder halfway, then it closes unconfirmed. */
  confirmWithinMs: number;
  /** The new deadline a reopened commitment gets (the supervisor owns it). */
  reopenWithinMs: number;
  /** Extensions allowed before a further one escalates instead. */
  maxExtensions: number;
  /**
   * Promises whose window is longer than this get a check-in to the customer at the midpoint,
   * unless an update went out first. Absent on commitments pinned before it was: 48 hours.
   */
  checkInAfterMs?: number;
  escalation: EscalationPolicy;
  /** null: texts are never held. */
  quietHours: QuietHours | null;
  /**
   * Texting hours by the customer's place (src/shared/texting-hours.ts, docs/texting.md): the
   * federal floor for every text, state rules as the team chose. Absent on commitments pinned
   * before places were known, and under TEXTING_HOURS=off (tests and demos): quiet hours only.
   */
  texting?: { stateRules: StateTextingRules };
}

/** How far state texting rules reach: every customer text (the conservative default), or only promotional ones. */
export const STATE_TEXTING_RULES = ['every_text', 'promotional_only'] as const;
export type StateTextingRules = (typeof STATE_TEXTING_RULES)[number];
