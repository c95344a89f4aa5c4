/**
 * The transition table: the statuses in which each command of the core is accepted. Its own
 * module, with nothing but the vocabulary, so the console's client imports it instead of
 * restating it (src/console/client/actions.ts). Who may give a command is the authority table's to say
 * (src/shared/authority.ts). Sandbox-safe.
 */
import { COMMITMENT_STATUSES, type CommitmentStatus } from '../shared/vocab';
import type { CommandType } from './types';

const ANY: readonly CommitmentStatus[] = COMMITMENT_STATUSES;
const LIVE: readonly CommitmentStatus[] = ['open', 'paused', 'escalated'];

/** The transition table: the statuses in which each command is accepted. */
export const ALLOWED: Readonly<Record<CommandType, readonly CommitmentStatus[]>> = {
  start: ['open'],
  remind: ['open'],
  checkIn: ['open'],
  lapse: ['open'],
  levelReached: ['escalated'],
  levelClosed: ['escalated'],
  levelUnreached: ['escalated'],
  ackWindowEnded: ['escalated'],
  acknowledge: ['escalated'],
  extend: ['open', 'paused'],
  // Escalated ones only by the system: a deactivated owner's work is handed on (checked in owner.ts).
  reassign: LIVE,
  // Escalated ones are acknowledged first: the chain that was alerted is the one that answers.
  transfer: ['open', 'paused'],
  cancel: ['open', 'paused', 'escalated', 'fulfilled'],
  note: ANY,
  pause: ['open'],
  resume: ['paused'],
  pauseEnded: ['paused'],
  // A paused one is counted on the calendar as it is when it resumes; an escalated one is past its deadline.
  calendarChanged: ['open'],
  attempt: LIVE,
  // Only while the owner holds it to a time: paused waits on the customer already, escalated is past it.
  customerMove: ['open'],
  fulfil: ['open', 'paused'],
  escalate: ['open', 'paused'],
  progress: LIVE,
  updateLog: ANY,
  // While messages may still go to the customer: live, or asking whether it is resolved.
  changeCustomer: [...LIVE, 'fulfilled'],
  askSatisfaction: ['fulfilled'],
  remindSatisfaction: ['fulfilled'],
  closeUnconfirmed: ['fulfilled'],
  customerReply: ['fulfilled', 'confirmed'],
  ratingWindowEnded: ['confirmed'],
  customerMessage: ANY,
  smsConsent: ANY,
  followUpCreated: ANY,
};
