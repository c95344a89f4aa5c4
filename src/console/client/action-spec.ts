/**
 * How the console describes one of the API's actions on a commitment (/v1/commitments/:id/<path>):
 * which action of the authority table it is and in which statuses, the fields it asks for, and the body it sends. The
 * actions themselves are in ./actions.ts and ./follow-through-actions.ts.
 */
import type { Commitment } from '../../api/resource';
import { relationsOf, situationOf, type AuthorityAction, type Caller, type Holding, type Relation, type Situation } from '../../shared/authority';
import type { CommitmentStatus } from '../../shared/vocab';
import { CLOCK_HINT, CLOCK_LABEL, CLOCKS, isDuration } from './deadline';
import { choices } from './words';

export interface FieldSpec {
  name: string;
  label: string;
  /** `datetime`: a date and time on the viewer's wall clock, sent as the instant it names there. */
  kind: 'text' | 'textarea' | 'due' | 'owner' | 'check' | 'choice' | 'datetime';
  required?: boolean;
  hint?: string;
  /** The value the field starts with (a duration for `due`, 'on' for a ticked `check`). */
  initial?: string;
  /** A `choice`'s options: the value sent and the words shown. */
  options?: [string, string][];
  /**
   * A `choice`'s first option while it has no value ("Choose a reason"). Not offered once it has
   * one: the API can change a value but not remove it.
   */
  blank?: string;
  /** Shown only while this holds of the form's values (the clock only for a duration); always when absent. */
  shownWhen?: (v: Values) => boolean;
  /** The API's fields whose errors are shown beside this one, besides its own name (a deadline's dueIn, dueBy). */
  errorsFrom?: string[];
  /** A text's longest value, where the API's is shorter than the form's usual (500, or 2000 for a textarea). */
  maxLength?: number;
}

export interface StaffOption {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export type Values = Record<string, string>;

/** What an action is about: enough of the commitment to title its dialog and start its fields. */
export interface Target {
  id: string;
  summary: string;
  customer: { name: string; phone?: string | undefined; locale?: string | undefined; region?: string | undefined };
  log?: Commitment['log'];
  /** Whose staff a new owner is picked from. */
  team?: { id: string };
}

/** One answer of an action that is sent by choosing it: its own submit button ("No answer"). */
export interface Answer {
  value: string;
  label: string;
  /**
   * What choosing it changes beyond the record, as the end of a sentence ("texts to … stop"): said
   * beside the button, and asked again before it is sent.
   */
  warning?: (target: Target) => string;
}

export interface ActionSpec {
  label: string;
  /** The API's path segment. */
  path: string;
  /** POST, or PATCH where the action corrects one part of the commitment. */
  method?: 'POST' | 'PATCH';
  statuses: readonly CommitmentStatus[];
  /** Which action of the authority table it is (src/shared/authority.ts): who may take it, as the API decides. */
  authority: AuthorityAction;
  /**
   * Its dialog picks a person from the team's staff list (GET /v1/staff), which agents may not
   * read: offered to supervisors and admins only, though the API takes it from an owner too.
   */
  picksStaff?: boolean;
  fields: FieldSpec[];
  /**
   * The value of `name` is chosen by pressing one of the answers' buttons, each of which sends the
   * form at once (a call's outcome), in place of a single submit button.
   */
  answers?: { name: string; legend: string; options: Answer[] };
  /** The values the fields start with, from the commitment as it stands; else each field's `initial`. */
  prefill?: (target: Target) => Values;
  /** Why the form cannot be sent as it is, said before asking the API; undefined when it can. */
  check?: (v: Values, initial: Values) => string | undefined;
  /** The request body; `datetime` values arrive as ISO instants (or blank). */
  body: (v: Values, initial: Values) => unknown;
}

/** Who is looking: how they stand to the commitment (the authority table's relations), and its situation. */
export interface Viewer {
  relations: readonly Relation[];
  situation: Situation;
  /** A supervisor or an admin: may read the staff list a dialog picks from. */
  oversees: boolean;
}

/** The viewer of a commitment, from who is signed in: the same relations the API works out from their key. */
export const viewerOf = (c: Holding, me: Caller): Viewer => ({
  relations: relationsOf(me, c),
  situation: situationOf(c),
  oversees: me.role === 'supervisor' || me.role === 'admin',
});

export const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** A new deadline: a duration (see `clock`) or a deadline by name (docs/business-hours.md), sent by `deadlineFields`. */
export const due = (initial: string, label = 'New deadline'): FieldSpec => ({
  name: 'due',
  label,
  kind: 'due',
  required: true,
  initial,
  errorsFrom: ['dueIn', 'dueBy'],
});

/** What a duration chosen in `due` counts: wall time, or the open hours of the team's calendar. Not asked for a deadline by name. */
export const clock = (): FieldSpec => ({
  name: 'clock',
  label: CLOCK_LABEL,
  kind: 'choice',
  options: CLOCKS,
  initial: 'wall',
  hint: CLOCK_HINT,
  shownWhen: (v) => isDuration(v.due ?? ''),
});

/** A select over one of the domain's vocabularies, in words a person reads. */
export const choice = (name: string, label: string, list: readonly string[], blank: string, required = false): FieldSpec => ({
  name,
  label,
  kind: 'choice',
  options: choices(list),
  blank,
  ...(required ? { required } : {}),
});
