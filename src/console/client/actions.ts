/**
 * The actions the console offers on a commitment, each one of the API's actions
 * (/v1/commitments/:id/<path>), in the order they are shown. An action is offered only in the
 * statuses the workflow accepts it in (ALLOWED, the core's transition table in src/core/allowed.ts,
 * imported, not restated) and to the people the authority table
 * (src/shared/authority.ts) lets take it: the table the API and the workflow ask.
 */
import { ALLOWED } from '../../core/allowed';
import { mayTake } from '../../shared/authority';
import type { CommitmentStatus } from '../../shared/vocab';
import { clock, due, optional, type ActionSpec, type Viewer } from './action-spec';
import { deadlineFields } from './deadline';
import { FOLLOW_THROUGH_ACTIONS as FT } from './follow-through-actions';
import { CUSTOMER_LOCALES, LANGUAGE_NAMES, localeOf } from '../../shared/locale';
import { KNOWN_REGIONS, REGION_NAMES } from '../../shared/regions';

const LANGUAGE_OPTIONS = CUSTOMER_LOCALES.map((tag): [string, string] => [tag, LANGUAGE_NAMES[tag]]);
const REGION_OPTIONS = KNOWN_REGIONS.map((code): [string, string] => [code, REGION_NAMES[code] ?? code]);

export { viewerOf, type ActionSpec, type Answer, type FieldSpec, type StaffOption, type Target, type Values, type Viewer } from './action-spec';

export type ActionName =
  | 'acknowledge'
  | 'fulfil'
  | 'attempt'
  | 'progress'
  | 'extend'
  | 'escalate'
  | 'reassign'
  | 'transfer'
  | 'pause'
  | 'resume'
  | 'note'
  | 'updateLog'
  | 'customer'
  | 'cancel';

export const ACTIONS: Record<ActionName, ActionSpec> = {
  acknowledge: {
    label: 'Acknowledge',
    path: 'acknowledge',
    statuses: ALLOWED.acknowledge,
    authority: 'acknowledge',
    fields: [due('PT1H', 'I will have it done'), clock(), { name: 'note', label: 'Note for the timeline (optional)', kind: 'textarea' }],
    body: (v) => ({ ...deadlineFields(v.due ?? '', v.clock), note: optional(v.note) }),
  },
  fulfil: {
    label: 'Fulfil',
    path: 'fulfil',
    statuses: ALLOWED.fulfil,
    authority: 'fulfil',
    fields: [
      { name: 'resolution', label: 'What was done', kind: 'textarea', required: true, hint: 'In words the customer will read in the recap.' },
      { name: 'pending', label: 'Still pending (optional)', kind: 'text', hint: 'e.g. "Your bank shows it in 3-5 days".' },
      { name: 'pendingUntil', label: 'Still pending until (optional)', kind: 'datetime', hint: 'The "is it resolved?" question waits until then.' },
      {
        name: 'nextContactAt',
        label: 'Call the customer again on (optional)',
        kind: 'datetime',
        hint: 'Creates a follow-up commitment for the owner, due then.',
      },
    ],
    body: (v) => ({ resolution: v.resolution, pending: optional(v.pending), pendingUntil: optional(v.pendingUntil), nextContactAt: optional(v.nextContactAt) }),
  },
  attempt: FT.attempt,
  progress: FT.progress,
  extend: {
    label: 'Extend',
    path: 'extend',
    statuses: ALLOWED.extend,
    authority: 'extend',
    fields: [due('PT1H'), clock(), { name: 'reason', label: 'Reason', kind: 'textarea', required: true, hint: 'The customer is told this, in these words.' }],
    body: (v) => ({ ...deadlineFields(v.due ?? '', v.clock), reason: v.reason }),
  },
  escalate: FT.escalate,
  reassign: {
    label: 'Reassign',
    path: 'reassign',
    // Reassigning an escalation is the system's alone: a person acknowledges it first.
    statuses: ALLOWED.reassign.filter((s) => s !== 'escalated'),
    authority: 'reassign',
    picksStaff: true,
    fields: [
      { name: 'owner', label: 'New owner', kind: 'owner', required: true },
      {
        name: 'handoffNote',
        label: 'Handoff note',
        kind: 'textarea',
        required: true,
        hint: 'The new owner reads this before calling, so the customer never retells the story.',
      },
    ],
    // The new owner by staff id: the directory knows who they are and how to reach them.
    body: (v) => ({ ownerId: v.owner, handoffNote: v.handoffNote }),
  },
  transfer: {
    label: 'Move to another team',
    path: 'transfer',
    statuses: ALLOWED.transfer,
    authority: 'transfer',
    fields: [
      { name: 'teamId', label: 'Team id', kind: 'text', required: true, hint: 'e.g. retail: its supervisor and chain take it over.' },
      { name: 'ownerId', label: 'New owner’s staff id (optional)', kind: 'text', hint: 'Someone in that team; empty: its supervisor.' },
      { name: 'note', label: 'Why it moves', kind: 'textarea', required: true, hint: 'The new owner reads this before calling.' },
    ],
    body: (v) => ({ teamId: v.teamId?.trim(), ownerId: optional(v.ownerId), note: v.note }),
  },
  pause: {
    label: 'Pause',
    path: 'pause',
    statuses: ALLOWED.pause,
    authority: 'pause',
    fields: [{ name: 'reason', label: 'Waiting on the customer for', kind: 'text', required: true, hint: 'The deadline clock stops until you resume.' }],
    body: (v) => ({ reason: v.reason }),
  },
  resume: { label: 'Resume', path: 'resume', statuses: ALLOWED.resume, authority: 'resume', fields: [], body: () => ({}) },
  note: {
    label: 'Add note',
    path: 'notes',
    statuses: ALLOWED.note,
    authority: 'note',
    fields: [{ name: 'text', label: 'Note', kind: 'textarea', required: true }],
    body: (v) => ({ text: v.text }),
  },
  updateLog: FT.updateLog,
  customer: {
    label: 'Change language or state',
    path: 'customer',
    method: 'PATCH',
    statuses: ALLOWED.changeCustomer,
    // It changes what the customer hears and when: whoever may speak to them.
    authority: 'progress',
    fields: [
      { name: 'locale', label: 'Their language', kind: 'choice', options: LANGUAGE_OPTIONS, hint: 'Messages from now on are in it.' },
      { name: 'region', label: 'Their state', kind: 'choice', blank: 'Not known', options: REGION_OPTIONS, hint: 'Whose texting hours apply from now on.' },
    ],
    prefill: (c) => ({ locale: localeOf(c.customer), region: c.customer.region ?? '' }),
    check: (v, initial) => (v.locale !== initial.locale || v.region !== initial.region ? undefined : 'Change the language or the state.'),
    // Only what changed: the API refuses a change to what is already so.
    body: (v, initial) => ({ locale: v.locale !== initial.locale ? v.locale : undefined, region: v.region !== initial.region ? v.region : undefined }),
  },
  cancel: {
    label: 'Cancel',
    path: 'cancel',
    statuses: ALLOWED.cancel,
    authority: 'cancel',
    fields: [
      { name: 'reason', label: 'Why it is withdrawn', kind: 'textarea', required: true },
      { name: 'notifyCustomer', label: 'Tell the customer', kind: 'check', initial: 'on' },
    ],
    body: (v) => ({ reason: v.reason, notifyCustomer: v.notifyCustomer === 'on' }),
  },
};

/** The authority table's answer, narrowed where the console itself cannot do it (a staff list agents may not read). */
const mayOffer = (spec: ActionSpec, viewer: Viewer): boolean =>
  mayTake(spec.authority, viewer.relations, viewer.situation) && (!spec.picksStaff || viewer.oversees);

/** The actions this viewer may take on a commitment in this status, in the order they are shown. */
export function actionsFor(status: CommitmentStatus, viewer: Viewer, only?: readonly ActionName[]): ActionName[] {
  const names = Object.keys(ACTIONS) as ActionName[];
  return names.filter((n) => ACTIONS[n].statuses.includes(status) && mayOffer(ACTIONS[n], viewer) && (!only || only.includes(n)));
}
