/**
 * Actions on one commitment, each declared once below as a Temporal update (./action.ts): what
 * owners and supervisors do with a promise (fulfil, extend, reassign, cancel, notes, pause,
 * resume, acknowledge), and the follow-through around it: a progress update to the customer,
 * escalating now with a reason, and corrections to the call log.
 */
import { appendAfterClose, hasLateEntry } from '../db/after-close';
import { findStaff } from '../db/directory/staff';
import { contactOf } from '../directory/parties';
import {
  acknowledgeUpdate,
  cancelUpdate,
  escalateUpdate,
  extendUpdate,
  fulfilUpdate,
  logUpdate,
  noteUpdate,
  pauseUpdate,
  progressUpdate,
  reassignUpdate,
  resumeUpdate,
  type CommitmentView,
  type LogInput,
} from '../shared/contract';
import { decide } from '../workflows/transitions';
import { action, actorOf, refusalProblem } from './action';
import { overseesAll, type Principal } from './auth';
import { problems } from './problems';
import type { AnyRoute } from './route';
import { Acknowledge, CallLogChanges, Cancel, Escalate, Extend, Fulfil, Note, Pause, ProgressUpdate, Reassign, Resume } from './schemas';
import type { ApiDeps } from './deps';
import { assertWindows } from './windows';

/** Speaking to the customer for the team, or raising the alarm: the owner, a supervisor or an admin, not an agent who only registered it. */
function ownerOrOverseer(what: string) {
  return (p: Principal, c: CommitmentView): void => {
    if (p.role === 'agent' && c.owner.id !== p.staffId) throw problems.forbidden(`Only the owner (${c.owner.name}), a supervisor of the team or an admin can ${what}.`);
  };
}

/**
 * A root cause is often found after the commitment closed, when its workflow has completed: the
 * same decision as the workflow's, written to the read model with its audit entry.
 */
async function correctLogAfterClose(input: LogInput, current: CommitmentView, marker: string, deps: ApiDeps): Promise<void> {
  // A retry of a correction already made is answered with the commitment as it stands.
  if (await hasLateEntry(deps.db, current.id, marker)) return;
  const out = decide(current, { type: 'updateLog', ...input }, { now: Date.now(), nextSeq: current.timeline.length });
  const entry = out.ok ? out.events[0] : undefined;
  if (!out.ok || !entry) throw out.ok ? problems.conflict('Nothing to change.') : refusalProblem(out.kind, out.reason);
  const written = await appendAfterClose(deps.db, current.id, marker, { ...entry, at: new Date().toISOString() }, { log: out.state.log ?? {} });
  if (written === 'not-closed') throw problems.conflict(`This commitment is ${current.status} but its workflow is not running; it cannot be changed now.`);
}

export const actionRoutes: AnyRoute[] = [
  action({
    path: 'fulfil',
    schema: Fulfil,
    summary: 'Report the promise kept; the customer gets a recap, then the satisfaction check',
    update: fulfilUpdate,
    input: (b, p, deps) => {
      // A next contact is a follow-up commitment due then: a deadline like any other.
      if (b.nextContactAt) assertWindows(deps.shortestWindowMs, [{ pointer: '/nextContactAt', ms: Date.parse(b.nextContactAt) - Date.now() }]);
      return { ...b, actor: actorOf(p) };
    },
  }),
  action({
    path: 'extend',
    schema: Extend,
    summary: 'A new deadline with a reason, told to the customer; past maxExtensions it escalates instead',
    update: extendUpdate,
    input: (b, p, deps) => {
      assertWindows(deps.shortestWindowMs, [b.lead]);
      return { actor: actorOf(p), dueAt: b.dueAt, reason: b.reason };
    },
  }),
  action({
    path: 'reassign',
    schema: Reassign,
    summary: 'Hand over to a new owner with a note; they get the whole timeline, the customer is told',
    update: reassignUpdate,
    input: async (b, p, deps) => {
      const owner = await findStaff(deps.db, b.ownerId);
      if (!owner?.active) throw problems.invalid([{ pointer: '/ownerId', detail: `${b.ownerId} is not an active member of staff` }]);
      return { actor: actorOf(p), owner: contactOf(owner), handoffNote: b.handoffNote };
    },
  }),
  action({ path: 'cancel', schema: Cancel, summary: 'Withdraw it, optionally telling the customer why', update: cancelUpdate, input: (b, p) => ({ ...b, actor: actorOf(p) }) }),
  action({ path: 'notes', schema: Note, summary: 'Append a note to the timeline', update: noteUpdate, input: (b, p) => ({ actor: actorOf(p), text: b.text, author: actorOf(p).name }) }),
  action({ path: 'pause', schema: Pause, summary: 'Waiting on the customer: the deadline clock stops', update: pauseUpdate, input: (b, p) => ({ ...b, actor: actorOf(p) }) }),
  action({ path: 'resume', schema: Resume, summary: 'The deadline clock runs again, moved by the pause', update: resumeUpdate, input: (_b, p) => ({ actor: actorOf(p) }) }),
  action({
    path: 'updates',
    schema: ProgressUpdate,
    summary: 'Send the customer a progress update (owner, supervisor or admin); it is logged in the timeline',
    update: progressUpdate,
    authorize: ownerOrOverseer('send the customer an update'),
    input: (b, p) => ({ actor: actorOf(p), text: b.text }),
  }),
  action({
    path: 'escalate',
    schema: Escalate,
    summary: 'Escalate now, with a reason: the chain is alerted at once, and the reason is in the timeline, the alert and the reports',
    update: escalateUpdate,
    authorize: ownerOrOverseer('escalate it'),
    input: (b, p) => ({ actor: actorOf(p), reason: b.reason, note: b.note }),
  }),
  action({
    path: 'log',
    method: 'patch',
    schema: CallLogChanges,
    summary: 'Correct the call log (trigger, customer state and wants, root cause, needed fix, business constraint), with an audit entry; also once closed',
    update: logUpdate,
    input: (b, p) => ({ actor: actorOf(p), changes: b }),
    afterClose: correctLogAfterClose,
  }),
  action({
    path: 'acknowledge',
    schema: Acknowledge,
    summary: 'Supervisors: take over an escalated commitment with a new deadline',
    update: acknowledgeUpdate,
    input: (b, p, deps) => {
      if (!overseesAll(p)) throw problems.forbidden('Only a supervisor or an admin can acknowledge an escalation.');
      assertWindows(deps.shortestWindowMs, [b.lead]);
      return { by: p.staffId, actor: actorOf(p), dueAt: b.dueAt, ...(b.note ? { note: b.note } : {}) };
    },
  }),
];
