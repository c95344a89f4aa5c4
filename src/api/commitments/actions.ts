/**
 * Actions on one commitment, each declared once below as a Temporal update (./action.ts): what
 * owners and supervisors do with a promise (fulfil, extend, reassign, transfer, cancel, notes,
 * pause, resume, acknowledge), and the follow-through around it: a progress update to the customer,
 * escalating now with a reason, and corrections to the call log.
 */
import { appendAfterClose, hasLateEntry } from '../../db/after-close';
import { reassignTarget, transferParties, type PartiesRefusal } from '../../people/parties';
import {
  acknowledgeUpdate,
  attemptUpdate,
  cancelUpdate,
  escalateUpdate,
  extendUpdate,
  fulfilUpdate,
  logUpdate,
  customerChangeUpdate,
  noteUpdate,
  pauseUpdate,
  progressUpdate,
  reassignUpdate,
  resumeUpdate,
  transferUpdate,
  type CommitmentView,
  type LogInput,
} from '../../shared/contract';
import { decide } from '../../core';
import { action, actorOf, refusalProblem } from './action';
import { problems } from '../problems';
import { problemResponse } from '../resource';
import type { AnyRoute } from '../route';
import {
  Acknowledge,
  Attempt,
  Cancel,
  CustomerChanges,
  Escalate,
  Extend,
  Fulfil,
  Note,
  Pause,
  ProgressUpdate,
  Reassign,
  Resume,
  Transfer,
} from './action-schemas';
import { CallLogChanges } from './schemas';
import type { ApiDeps } from '../deps';
import { assertWindows } from './windows';
import { countDeadline, countRestOf } from '../../calendars/deadlines';

/** A directory refusal of the person or team an action names, as the caller's problem. */
function refused(r: PartiesRefusal): Error {
  const errors = [{ pointer: r.pointer ?? '/ownerId', detail: r.detail }];
  if (r.refused === 'forbidden') return problems.forbidden(r.detail);
  return r.refused === 'elsewhere' ? problems.unprocessable(errors, r.detail) : problems.invalid(errors);
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
    operationId: 'fulfilCommitment',
    schema: Fulfil,
    summary: 'Report the promise kept; the customer gets a recap, then the satisfaction check',
    update: fulfilUpdate,
    authority: 'fulfil',
    input: (b, p, deps) => {
      // A next contact is a follow-up commitment due then: a deadline like any other.
      if (b.nextContactAt) assertWindows(deps.shortestWindowMs, [{ pointer: '/nextContactAt', ms: Date.parse(b.nextContactAt) - Date.now() }]);
      return { ...b, actor: actorOf(p) };
    },
  }),
  action({
    path: 'extend',
    operationId: 'extendCommitment',
    schema: Extend,
    summary: 'A new deadline with a reason, told to the customer; past maxExtensions it escalates instead',
    update: extendUpdate,
    authority: 'extend',
    input: async (b, p, deps, current) => {
      const due = await countDeadline(deps.db, current.team?.id, b.deadline, deps.clock?.().getTime() ?? Date.now(), current.policy);
      assertWindows(deps.shortestWindowMs, [due.lead]);
      return { actor: actorOf(p), dueAt: due.dueAt, ...(due.business ? { business: due.business } : {}), reason: b.reason };
    },
  }),
  action({
    path: 'reassign',
    operationId: 'reassignCommitment',
    schema: Reassign,
    summary: 'Hand over to a new owner with a note; they get the whole timeline, the customer is told',
    update: reassignUpdate,
    authority: 'reassign',
    problems: { 422: problemResponse("The new owner is not in the commitment's team: transfer it instead") },
    input: async (b, p, deps, current) => {
      // Within its team, by create's rules: who may be named is the directory's to say.
      const owner = await reassignTarget(deps.db, p, current.team, b.ownerId);
      if ('refused' in owner) throw refused(owner);
      return { actor: actorOf(p), owner, handoffNote: b.handoffNote };
    },
  }),
  action({
    path: 'transfer',
    operationId: 'transferCommitment',
    schema: Transfer,
    summary:
      "Move it to another team (a supervisor of its team, or an admin): that team's supervisor, chain, queues and reports " +
      'from now on; the new owner gets the whole timeline, the customer is told',
    update: transferUpdate,
    authority: 'transfer',
    input: async (b, p, deps) => {
      const parties = await transferParties(deps.db, b.teamId, b.ownerId);
      if ('refused' in parties) throw refused(parties);
      const { team, supervisor, owner, escalation } = parties;
      return { actor: actorOf(p), team, supervisor, owner, escalation, note: b.note };
    },
  }),
  action({
    path: 'cancel',
    operationId: 'cancelCommitment',
    schema: Cancel,
    summary: 'Withdraw it, optionally telling the customer why',
    update: cancelUpdate,
    authority: 'cancel',
    input: (b, p) => ({ ...b, actor: actorOf(p) }),
  }),
  action({
    path: 'notes',
    operationId: 'addCommitmentNote',
    schema: Note,
    summary: 'Append a note to the timeline',
    update: noteUpdate,
    authority: 'note',
    input: (b, p) => ({ actor: actorOf(p), text: b.text, author: actorOf(p).name }),
  }),
  action({
    path: 'pause',
    operationId: 'pauseCommitment',
    schema: Pause,
    summary: 'Waiting on the customer: the deadline clock stops',
    update: pauseUpdate,
    authority: 'pause',
    input: async (b, p, deps, current) => {
      // A business deadline's clock starts again at `until` with the open time it has left now.
      const now = deps.clock?.().getTime() ?? Date.now();
      const resumeWith = b.until ? await countRestOf(deps.db, current, now, Date.parse(b.until)) : undefined;
      return { ...b, actor: actorOf(p), ...(resumeWith ? { resumeWith } : {}) };
    },
  }),
  action({
    path: 'resume',
    operationId: 'resumeCommitment',
    schema: Resume,
    summary: 'The deadline clock runs again, moved by the pause',
    update: resumeUpdate,
    authority: 'resume',
    input: async (_b, p, deps, current) => {
      // A business deadline gets back the open time it had left when the pause began, from now.
      const since = current.paused ? Date.parse(current.paused.since) : undefined;
      const now = deps.clock?.().getTime() ?? Date.now();
      const resumeWith = since === undefined ? undefined : await countRestOf(deps.db, current, since, now);
      return { actor: actorOf(p), ...(resumeWith ? { resumeWith } : {}) };
    },
  }),
  action({
    path: 'attempts',
    operationId: 'logCommitmentAttempt',
    schema: Attempt,
    summary:
      'Log a callback attempt and how it went; one that did not get through tells the customer when we tried and when we will try again, and a wrong number stops texts to it',
    update: attemptUpdate,
    authority: 'attempt',
    input: (b, p) => ({ actor: actorOf(p), outcome: b.outcome, ...(b.note ? { note: b.note } : {}) }),
  }),
  action({
    path: 'updates',
    operationId: 'sendCommitmentUpdate',
    schema: ProgressUpdate,
    summary: 'Send the customer a progress update (owner, supervisor or admin); it is logged in the timeline',
    update: progressUpdate,
    authority: 'progress',
    input: (b, p) => ({ actor: actorOf(p), text: b.text }),
  }),
  action({
    path: 'escalate',
    operationId: 'escalateCommitment',
    schema: Escalate,
    summary: 'Escalate now, with a reason: the chain is alerted at once, and the reason is in the timeline, the alert and the reports',
    update: escalateUpdate,
    authority: 'escalate',
    input: (b, p) => ({ actor: actorOf(p), reason: b.reason, note: b.note }),
  }),
  action({
    path: 'log',
    operationId: 'correctCommitmentLog',
    method: 'patch',
    schema: CallLogChanges,
    summary: 'Correct the call log (trigger, customer state and wants, root cause, needed fix, business constraint), with an audit entry; also once closed',
    update: logUpdate,
    authority: 'updateLog',
    input: (b, p) => ({ actor: actorOf(p), changes: b }),
    afterClose: correctLogAfterClose,
  }),
  action({
    path: 'customer',
    operationId: 'changeCommitmentCustomer',
    method: 'patch',
    schema: CustomerChanges,
    summary: "Change the customer's language or place (whose texting hours apply): messages from now on follow it, with an entry in the timeline",
    update: customerChangeUpdate,
    authority: 'progress',
    input: (b, p) => ({ actor: actorOf(p), ...(b.locale ? { locale: b.locale } : {}), ...(b.region ? { region: b.region } : {}) }),
  }),
  action({
    path: 'acknowledge',
    operationId: 'acknowledgeCommitment',
    schema: Acknowledge,
    summary: 'Someone its escalation chain alerted or names (or an admin): take it over with a new deadline',
    update: acknowledgeUpdate,
    authority: 'acknowledge',
    input: async (b, p, deps, current) => {
      const due = await countDeadline(deps.db, current.team?.id, b.deadline, deps.clock?.().getTime() ?? Date.now(), current.policy);
      assertWindows(deps.shortestWindowMs, [due.lead]);
      return { by: p.staffId, actor: actorOf(p), dueAt: due.dueAt, ...(due.business ? { business: due.business } : {}), ...(b.note ? { note: b.note } : {}) };
    },
  }),
];
