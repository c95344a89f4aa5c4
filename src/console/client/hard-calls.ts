/**
 * Hard calls (issue 24, "the team is protected after a hard call"): the owner of a commitment, or
 * whoever else may speak to its customer, marks its call as abusive, threatening or distressing,
 * with a note; the team's supervisor gets a check-in task for the agent (the board), a customer
 * flagged twice in 30 days is said so to whoever takes their next promise, and the reports count
 * them. Staff-only: nothing here reaches the customer. The API's shapes (src/hard-calls/schemas.ts)
 * as the console reads them, and the flag as one more action dialog.
 */
import { HARD_CALL_KINDS, REPEAT_THRESHOLD, type HardCallKind } from '../../hard-calls/model';
import { mayTake } from '../../shared/authority';
import { COMMITMENT_STATUSES } from '../../shared/vocab';
import { optional, type ActionSpec, type Viewer } from './action-spec';

/** From this many flags in 30 days a customer's calls are a pattern, said to whoever takes their next promise. */
export const PATTERN = REPEAT_THRESHOLD;
/** The API allows 1..1000 characters. */
export const HARD_CALL_NOTE_MAX = 1000;

const KIND_WORDS: Record<HardCallKind, string> = { abusive: 'Abusive', threatening: 'Threatening', distressing: 'Distressing' };
/** "abusive" → "Abusive"; a kind this console does not know yet is shown as the API sent it. */
export const kindWords = (kind: string): string => KIND_WORDS[kind as HardCallKind] ?? kind;
export const KIND_OPTIONS: [string, string][] = HARD_CALL_KINDS.map((k): [string, string] => [k, KIND_WORDS[k]]);

interface Person {
  id: string;
  name: string;
}

/** POST /v1/commitments/{id}/hard-call's answer; one of GET …/hard-calls' items. */
export interface HardCall {
  id: string;
  commitmentId: string;
  teamId: string;
  /** Whose call it was: the commitment's owner when it was flagged. */
  agent: Person;
  kind: string;
  note: string;
  flaggedBy: Person;
  flaggedAt: string;
}

/** GET /v1/commitments/{id}/hard-calls. */
export interface HardCallList {
  items: HardCall[];
  /** How many of this customer's calls were flagged in the last 30 days, across their promises. */
  customerFlagsLast30Days: number;
}

/** A supervisor's task to check in with the agent after a hard call (GET /v1/check-ins, open ones oldest first). */
export interface CheckIn {
  id: string;
  hardCallId: string;
  commitmentId: string;
  team: Person;
  agent: Person;
  kind: string;
  note: string;
  flaggedAt: string;
  flaggedBy: Person;
  doneAt?: string;
  doneBy?: Person;
}

/** GET /v1/reports/hard-calls: one row per agent and week. */
export interface HardCallReport {
  rows: { week: string; agent: Person; flagged: number; checkInsDone: number }[];
}

/** "Check in with Dana Reyes": the supervisor's task, as the board names it. */
export const checkInTitle = (c: Pick<CheckIn, 'agent'>): string => `Check in with ${c.agent.name}`;

/**
 * Flagging is for whoever may send the customer a progress update (the authority table's
 * `progress`: the owner, a supervisor of its team, an admin), and in every status: a call can be
 * found hard after the promise was kept or withdrawn.
 */
export const mayFlag = (viewer: Viewer): boolean => mayTake('progress', viewer.relations, viewer.situation);

export const FLAG_HARD_CALL: ActionSpec = {
  label: 'Flag a hard call',
  path: 'hard-call',
  statuses: COMMITMENT_STATUSES,
  authority: 'progress',
  fields: [
    { name: 'kind', label: 'What made it hard', kind: 'choice', options: KIND_OPTIONS, blank: 'Choose one', required: true },
    {
      name: 'note',
      label: 'What happened',
      kind: 'textarea',
      required: true,
      maxLength: HARD_CALL_NOTE_MAX,
      hint: "Your team's supervisor reads this and checks in with whoever took the call. Never shown to the customer.",
    },
  ],
  check: (v) => (optional(v.note) ? undefined : 'Say what happened in the note.'),
  body: (v) => ({ kind: v.kind, note: v.note?.trim() }),
};
