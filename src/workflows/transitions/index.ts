/**
 * The functional core of a commitment: `decide(state, command, context)` answers with the new
 * state, the timeline entries and the messages to send, or with why the command is refused. It is
 * pure (no Temporal, no I/O, no clock but the context's), so every transition and every refusal
 * is a unit test of a few milliseconds (test/transitions/).
 *
 * Which command is allowed in which status is the table below; who may do it, and with what
 * values, is checked by each command's own function.
 */
import { COMMITMENT_STATUSES, type CommitmentState, type CommitmentStatus } from '../../shared/contract';
import { Draft } from './draft';
import { escalationCommands } from './escalation';
import { ownerCommands } from './owner';
import { customerCommands } from './customer';
import type { Command, CommandType, DecideContext, Outcome } from './types';

export type { Command, CommandType, DecideContext, Decision, EventDraft, MessageSpec, Outcome, Rejection } from './types';
export { CUSTOMER, SYSTEM } from './types';

const ANY: readonly CommitmentStatus[] = COMMITMENT_STATUSES;
const LIVE: readonly CommitmentStatus[] = ['open', 'paused', 'escalated'];

/** The transition table: the statuses in which each command is accepted. */
export const ALLOWED: Readonly<Record<CommandType, readonly CommitmentStatus[]>> = {
  start: ['open'],
  remind: ['open'],
  checkIn: ['open'],
  lapse: ['open'],
  levelReached: ['escalated'],
  levelUnreached: ['escalated'],
  ackWindowEnded: ['escalated'],
  acknowledge: ['escalated'],
  extend: ['open', 'paused'],
  // Escalated ones only by the system: a deactivated owner's work is handed on (checked in owner.ts).
  reassign: LIVE,
  cancel: ['open', 'paused', 'escalated', 'fulfilled'],
  note: ANY,
  pause: ['open'],
  resume: ['paused'],
  pauseEnded: ['paused'],
  fulfil: ['open', 'paused'],
  escalate: ['open', 'paused'],
  progress: LIVE,
  updateLog: ANY,
  askSatisfaction: ['fulfilled'],
  remindSatisfaction: ['fulfilled'],
  closeUnconfirmed: ['fulfilled'],
  customerReply: ['fulfilled', 'confirmed'],
  ratingWindowEnded: ['confirmed'],
  customerMessage: ANY,
  smsConsent: ANY,
  followUpCreated: ANY,
};

/** The verb each command's refusal uses: "it can be extended only when open or paused". */
const VERB: Partial<Record<CommandType, string>> = {
  acknowledge: 'acknowledged',
  extend: 'extended',
  reassign: 'reassigned',
  cancel: 'cancelled',
  pause: 'paused',
  resume: 'resumed',
  fulfil: 'fulfilled',
  escalate: 'escalated by hand',
  progress: 'given a progress update',
};

type Handler = (d: Draft, command: never) => void;
const HANDLERS = { ...ownerCommands, ...escalationCommands, ...customerCommands } as Record<CommandType, Handler>;

export function decide(state: CommitmentState, command: Command, context: DecideContext): Outcome {
  const allowed = ALLOWED[command.type];
  if (!allowed.includes(state.status)) {
    const verb = VERB[command.type] ?? `given ${command.type}`;
    return { ok: false, kind: 'conflict', reason: `This commitment is ${state.status}; it can be ${verb} only when ${allowed.join(' or ')}.` };
  }
  return new Draft(state, context).run((d) => HANDLERS[command.type](d, command as never));
}
