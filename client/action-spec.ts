/**
 * How the console describes one of the API's actions on a commitment (/v1/commitments/:id/<path>):
 * who may take it and in which statuses, the fields it asks for, and the body it sends. The
 * actions themselves are in ./actions.ts and ./follow-through-actions.ts.
 */
import type { Commitment } from '../src/api/resource';
import type { CommitmentStatus } from '../src/shared/vocab';
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
  customer: { name: string };
  log?: Commitment['log'];
}

export interface ActionSpec {
  label: string;
  /** The API's path segment. */
  path: string;
  /** POST, or PATCH where the action corrects one part of the commitment. */
  method?: 'POST' | 'PATCH';
  statuses: readonly CommitmentStatus[];
  /**
   * Who may take it beyond supervisors and admins: by default whoever may see the commitment (its
   * owner and the agent who registered it); 'owner': its owner only (the API refuses the
   * registrar 403); 'overseers': nobody else.
   */
  who?: 'owner' | 'overseers';
  /**
   * Not an agent's once the commitment has been escalated or reopened: it has gone over their
   * head (the workflow's requireAuthority, src/workflows/transitions/draft.ts).
   */
  notOnceEscalated?: boolean;
  fields: FieldSpec[];
  /** The values the fields start with, from the commitment as it stands; else each field's `initial`. */
  prefill?: (target: Target) => Values;
  /** Why the form cannot be sent as it is, said before asking the API; undefined when it can. */
  check?: (v: Values, initial: Values) => string | undefined;
  /** The request body; `datetime` values arrive as ISO instants (or blank). */
  body: (v: Values, initial: Values) => unknown;
}

/** Who is looking: a supervisor or admin, whether they own the commitment, and whether it went over an agent's head. */
export interface Viewer {
  oversees: boolean;
  owns: boolean;
  overTheirHead?: boolean;
}

interface Seen {
  owner: { id: string };
  facts: { escalatedAt?: string | undefined; reopenCount: number };
}

/** The viewer of a commitment, from who is signed in. */
export const viewerOf = (c: Seen, meId: string, oversees: boolean): Viewer => ({
  oversees,
  owns: c.owner.id === meId,
  overTheirHead: c.facts.escalatedAt !== undefined || c.facts.reopenCount > 0,
});

export const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

export const due = (initial: string, label = 'New deadline'): FieldSpec => ({ name: 'dueIn', label, kind: 'due', required: true, initial });

/** A select over one of the domain's vocabularies, in words a person reads. */
export const choice = (name: string, label: string, list: readonly string[], blank: string, required = false): FieldSpec => ({
  name,
  label,
  kind: 'choice',
  options: choices(list),
  blank,
  ...(required ? { required } : {}),
});
