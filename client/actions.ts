/**
 * The actions the console offers on a commitment, each one of the API's actions
 * (/v1/commitments/:id/<path>), in the order they are shown. An action is offered only in the
 * statuses the workflow accepts it in (src/workflows/transitions/index.ts, ALLOWED;
 * test/console/actions.test.ts keeps the two in step) and to the people the API lets take it.
 */
import type { CommitmentStatus } from '../src/shared/vocab';
import { due, optional, type ActionSpec, type Viewer } from './action-spec';
import { FOLLOW_THROUGH_ACTIONS as FT } from './follow-through-actions';

export { viewerOf, type ActionSpec, type FieldSpec, type StaffOption, type Target, type Values, type Viewer } from './action-spec';

export type ActionName = 'acknowledge' | 'fulfil' | 'progress' | 'extend' | 'escalate' | 'reassign' | 'pause' | 'resume' | 'note' | 'updateLog' | 'cancel';

export const ACTIONS: Record<ActionName, ActionSpec> = {
  acknowledge: {
    label: 'Acknowledge',
    path: 'acknowledge',
    statuses: ['escalated'],
    who: 'overseers',
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
      { name: 'pendingUntil', label: 'Still pending until (optional)', kind: 'datetime', hint: 'The "is it resolved?" question waits until then.' },
      { name: 'nextContactAt', label: 'Call the customer again on (optional)', kind: 'datetime', hint: 'Creates a follow-up commitment for the owner, due then.' },
    ],
    body: (v) => ({ resolution: v.resolution, pending: optional(v.pending), pendingUntil: optional(v.pendingUntil), nextContactAt: optional(v.nextContactAt) }),
  },
  progress: FT.progress,
  extend: {
    label: 'Extend',
    path: 'extend',
    statuses: ['open', 'paused'],
    fields: [due('PT1H'), { name: 'reason', label: 'Reason', kind: 'textarea', required: true, hint: 'The customer is told this, in these words.' }],
    body: (v) => ({ dueIn: v.dueIn, reason: v.reason }),
  },
  escalate: FT.escalate,
  reassign: {
    label: 'Reassign',
    path: 'reassign',
    statuses: ['open', 'paused'],
    who: 'overseers',
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
    notOnceEscalated: true,
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
  updateLog: FT.updateLog,
  cancel: {
    label: 'Cancel',
    path: 'cancel',
    statuses: ['open', 'paused', 'escalated', 'fulfilled'],
    notOnceEscalated: true,
    fields: [
      { name: 'reason', label: 'Why it is withdrawn', kind: 'textarea', required: true },
      { name: 'notifyCustomer', label: 'Tell the customer', kind: 'check', initial: 'on' },
    ],
    body: (v) => ({ reason: v.reason, notifyCustomer: v.notifyCustomer === 'on' }),
  },
};

function mayTake(spec: ActionSpec, viewer: Viewer, status: CommitmentStatus): boolean {
  if (viewer.oversees) return true;
  if (spec.who === 'overseers') return false;
  if (spec.notOnceEscalated && (viewer.overTheirHead || status === 'escalated')) return false;
  return spec.who === 'owner' ? viewer.owns : true;
}

/** The actions this viewer may take on a commitment in this status, in the order they are shown. */
export function actionsFor(status: CommitmentStatus, viewer: Viewer, only?: readonly ActionName[]): ActionName[] {
  return (Object.keys(ACTIONS) as ActionName[]).filter((n) => ACTIONS[n].statuses.includes(status) && mayTake(ACTIONS[n], viewer, status) && (!only || only.includes(n)));
}
