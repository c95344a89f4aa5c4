/**
 * The actions the console offers on a commitment, each one of the API's actions
 * (/v1/commitments/:id/<path>): the fields it asks for and the body it sends. An action is offered
 * only in the statuses the workflow accepts it in (src/workflows/transitions/index.ts, ALLOWED;
 * test/console/actions.test.ts keeps the two in step) and to the roles that may take it.
 */
import type { CommitmentStatus } from '../src/shared/vocab';

export type ActionName = 'acknowledge' | 'extend' | 'reassign' | 'fulfil' | 'pause' | 'resume' | 'note' | 'cancel';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'due' | 'owner' | 'check';
  required?: boolean;
  hint?: string;
  /** The value the field starts with (a duration for `due`, 'on' for a ticked `check`). */
  initial?: string;
}

export interface StaffOption {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

export type Values = Record<string, string>;

export interface ActionSpec {
  label: string;
  /** The API's path segment. */
  path: string;
  statuses: readonly CommitmentStatus[];
  /** Supervisors and admins only. */
  overseers?: boolean;
  fields: FieldSpec[];
  body: (v: Values, staff: StaffOption[]) => unknown;
}

const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const due = (initial: string, label = 'New deadline'): FieldSpec => ({ name: 'dueIn', label, kind: 'due', required: true, initial });

export const ACTIONS: Record<ActionName, ActionSpec> = {
  acknowledge: {
    label: 'Acknowledge',
    path: 'acknowledge',
    statuses: ['escalated'],
    overseers: true,
    fields: [due('PT1H', 'I will have it done'), { name: 'note', label: 'Note for the timeline (optional)', kind: 'textarea' }],
    body: (v) => ({ dueIn: v.dueIn, note: optional(v.note) }),
  },
  fulfil: {
    label: 'Fulfil',
    path: 'fulfil',
    statuses: ['open', 'paused'],
    fields: [
      { name: 'resolution', label: 'What was done', kind: 'textarea', required: true, hint: 'In words the customer will read in the recap.' },
      { name: 'pending', label: 'Still pending (optional)', kind: 'text', hint: 'e.g. "Your bank shows it in 3-5 days".' },
    ],
    body: (v) => ({ resolution: v.resolution, pending: optional(v.pending) }),
  },
  extend: {
    label: 'Extend',
    path: 'extend',
    statuses: ['open', 'paused'],
    fields: [due('PT1H'), { name: 'reason', label: 'Reason', kind: 'textarea', required: true, hint: 'The customer is told this, in these words.' }],
    body: (v) => ({ dueIn: v.dueIn, reason: v.reason }),
  },
  reassign: {
    label: 'Reassign',
    path: 'reassign',
    statuses: ['open', 'paused'],
    overseers: true,
    fields: [
      { name: 'owner', label: 'New owner', kind: 'owner', required: true },
      { name: 'handoffNote', label: 'Handoff note', kind: 'textarea', required: true, hint: 'The new owner reads this before calling, so the customer never retells the story.' },
    ],
    // The new owner by staff id: the directory knows who they are and how to reach them.
    body: (v) => ({ ownerId: v.owner, handoffNote: v.handoffNote }),
  },
  pause: {
    label: 'Pause',
    path: 'pause',
    statuses: ['open'],
    fields: [{ name: 'reason', label: 'Waiting on the customer for', kind: 'text', required: true, hint: 'The deadline clock stops until you resume.' }],
    body: (v) => ({ reason: v.reason }),
  },
  resume: { label: 'Resume', path: 'resume', statuses: ['paused'], fields: [], body: () => ({}) },
  note: {
    label: 'Add note',
    path: 'notes',
    statuses: ['open', 'paused', 'escalated', 'fulfilled', 'confirmed', 'unconfirmed', 'cancelled'],
    fields: [{ name: 'text', label: 'Note', kind: 'textarea', required: true }],
    body: (v) => ({ text: v.text }),
  },
  cancel: {
    label: 'Cancel',
    path: 'cancel',
    statuses: ['open', 'paused', 'escalated', 'fulfilled'],
    fields: [
      { name: 'reason', label: 'Why it is withdrawn', kind: 'textarea', required: true },
      { name: 'notifyCustomer', label: 'Tell the customer', kind: 'check', initial: 'on' },
    ],
    body: (v) => ({ reason: v.reason, notifyCustomer: v.notifyCustomer === 'on' }),
  },
};

/** The actions this viewer may take on a commitment in this status, in the order they are shown. */
export function actionsFor(status: CommitmentStatus, oversees: boolean, only?: readonly ActionName[]): ActionName[] {
  return (Object.keys(ACTIONS) as ActionName[]).filter((n) => ACTIONS[n].statuses.includes(status) && (oversees || !ACTIONS[n].overseers) && (!only || only.includes(n)));
}
