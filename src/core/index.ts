/**
 * The functional core of a commitment: `decide(state, command, context)` answers with the new
 * state, the timeline entries and the messages to send, or with why the command is refused. It is
 * pure (no Temporal, no I/O, no clock but the context's), so every transition and every refusal
 * is a unit test of a few milliseconds (test/core/).
 *
 * Which command is allowed in which status is the table below; who may do it is the authority
 * table (src/shared/authority.ts), asked after it; with what values, each command's own function.
 */
import { refusalFor, type AuthorityAction } from '../shared/authority';
import type { Actor, CommitmentState } from '../shared/contract';
import { deadlineCommands } from './deadline';
import { Draft } from './draft';
import { escalationCommands } from './escalation';
import { handOverCommands } from './hand-over';
import { ownerCommands } from './owner';
import { customerCommands } from './customer';
import { ALLOWED } from './allowed';
import type { Command, CommandType, DecideContext, Outcome, Rejection } from './types';

export { ALLOWED } from './allowed';

export type { Command, CommandType, DecideContext, Decision, EventDraft, MessageSpec, Outcome, Rejection } from './types';
export { CUSTOMER, SYSTEM } from './types';

/** The verb each command's refusal uses: "it can be extended only when open or paused". */
const VERB: Partial<Record<CommandType, string>> = {
  acknowledge: 'acknowledged',
  extend: 'extended',
  reassign: 'reassigned',
  transfer: 'moved to another team',
  cancel: 'cancelled',
  pause: 'paused',
  resume: 'resumed',
  fulfil: 'fulfilled',
  escalate: 'escalated by hand',
  progress: 'given a progress update',
  attempt: 'called back',
  customerMove: 'moved to another time',
  changeCustomer: "given the customer's language or place",
};

/** The commands a person gives, as the actions of the authority table (src/shared/authority.ts). */
const AUTHORITY: Partial<Record<CommandType, AuthorityAction>> = {
  acknowledge: 'acknowledge',
  extend: 'extend',
  reassign: 'reassign',
  transfer: 'transfer',
  cancel: 'cancel',
  note: 'note',
  pause: 'pause',
  resume: 'resume',
  fulfil: 'fulfil',
  escalate: 'escalate',
  progress: 'progress',
  updateLog: 'updateLog',
  attempt: 'attempt',
  // It changes what the customer hears and when: whoever may speak to them.
  changeCustomer: 'progress',
};

/** The last line behind the API's own check: the read model it asked may lag a hand-over by a moment. */
function unauthorized(state: CommitmentState, command: Command, context: DecideContext): Rejection | undefined {
  const action = AUTHORITY[command.type];
  const actor = (command as { actor?: Actor }).actor;
  // The system (timers, a leaver's hand-over) and the customer answer to no table.
  if (!action || context.legacyAuthority || actor?.kind !== 'staff' || actor.id === undefined) return undefined;
  const caller = { id: actor.id, role: actor.role ?? 'agent', ...(actor.teamId !== undefined ? { teamId: actor.teamId } : {}) };
  const reason = refusalFor(caller, state, action);
  return reason === undefined ? undefined : { kind: 'forbidden', reason };
}

type Handler = (d: Draft, command: never) => void;
const HANDLERS = { ...ownerCommands, ...deadlineCommands, ...handOverCommands, ...escalationCommands, ...customerCommands } as Record<CommandType, Handler>;

export function decide(state: CommitmentState, command: Command, context: DecideContext): Outcome {
  const allowed = ALLOWED[command.type];
  if (!allowed.includes(state.status)) {
    const verb = VERB[command.type] ?? `given ${command.type}`;
    return { ok: false, kind: 'conflict', reason: `This commitment is ${state.status}; it can be ${verb} only when ${allowed.join(' or ')}.` };
  }
  const refused = unauthorized(state, command, context);
  if (refused) return { ok: false, ...refused };
  return new Draft(state, context).run((d) => HANDLERS[command.type](d, command as never));
}
