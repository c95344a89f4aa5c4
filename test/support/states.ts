/**
 * Commitment states for the functional core's unit tests (test/core/). The open state is
 * the one the workflow shell starts with; every other status is reached by the core itself, so a
 * state built here is always one a running commitment could hold.
 */
import { expect } from 'vitest';
import type { Actor, CommitmentPolicy, CommitmentState, CommitmentStatus, StaffContact } from '../../src/shared/contract';
import { decide, type Command, type Decision, type Rejection } from '../../src/core';

// Sunday 22 Nov 2026 in Chicago (CST, UTC-6): created at 8:00 AM, due at 3:15 PM.
export const CREATED_AT = '2026-11-22T14:00:00.000Z';
export const DUE_AT = '2026-11-22T21:15:00.000Z';
/** When commands happen unless a test says otherwise: 9:00 AM CST, well before the deadline. */
export const NOW = Date.parse('2026-11-22T15:00:00.000Z');
/** The sequence number the next timeline entry gets; messages keyed by it name it. */
export const NEXT_SEQ = 7;

export const minutes = (n: number, from = NOW): number => from + n * 60_000;
export const iso = (ms: number): string => new Date(ms).toISOString();
/** Clock times in sentences come from Intl, which may put a narrow no-break space before "PM". */
export const plain = (text: string | undefined): string | undefined => text?.replace(/\s/g, ' ');

export const DANA: StaffContact = { id: 'agent-dana', name: 'Dana Reyes', email: 'dana@support.example', phone: '+14155550150' };
export const LEE: StaffContact = { id: 'agent-lee', name: 'Lee Chan', email: 'lee@support.example' };
/** The team's supervisor: the team lead when the chain runs out, the owner of a reopened commitment. */
export const SAM: StaffContact = { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+14155550199' };
export const ANA: StaffContact = { id: 'lead-ana', name: 'Ana Costa', email: 'ana@support.example', phone: '+14155550161' };
/** The supervisor of another team, Retail. */
export const OLGA: StaffContact = { id: 'sup-olga', name: 'Olga Berg', email: 'olga@other.example' };
export const RAJ: StaffContact = { id: 'head-raj', name: 'Raj Patel', email: 'raj@support.example', phone: '+14155550162' };

/** Who acts, as the API builds actors from a key. */
export const AS = {
  agent: { kind: 'staff', id: DANA.id, name: DANA.name, role: 'agent' },
  otherAgent: { kind: 'staff', id: LEE.id, name: LEE.name, role: 'agent' },
  supervisor: { kind: 'staff', id: SAM.id, name: SAM.name, role: 'supervisor' },
  lead: { kind: 'staff', id: ANA.id, name: ANA.name, role: 'supervisor' },
  admin: { kind: 'staff', id: 'admin-alex', name: 'Alex Moreau', role: 'admin' },
  system: { kind: 'system', name: 'Followthrough' },
} satisfies Record<string, Actor>;

/** Two named levels of 30 minutes each, walked twice (repeat 1): four alerts before the team lead. */
export const POLICY: CommitmentPolicy = {
  confirmAfterMs: 3600_000,
  confirmWithinMs: 48 * 3600_000,
  reopenWithinMs: 4 * 3600_000,
  maxExtensions: 2,
  escalation: {
    levels: [
      { target: { kind: 'staff', staff: ANA }, ackWithinMs: 30 * 60_000 },
      { target: { kind: 'staff', staff: RAJ }, ackWithinMs: 30 * 60_000 },
    ],
    repeat: 1,
  },
  quietHours: null,
};

/** The commitment as the shell starts it: open, first deadline, nothing happened yet. */
export function commitment(overrides: Partial<CommitmentState> = {}): CommitmentState {
  return {
    id: 'cmt_unit',
    workflowId: 'commitment-cmt_unit',
    status: 'open',
    version: 0,
    customer: { name: 'Maria Lopez', phone: '+14155550123', email: 'maria@example.com', timezone: 'America/Chicago' },
    owner: DANA,
    supervisor: SAM,
    summary: 'Call you back about the duplicate charge',
    dueAt: DUE_AT,
    createdAt: CREATED_AT,
    log: { trigger: 'billing_error', customerState: 'frustrated' },
    createdBy: DANA.id,
    policy: POLICY,
    deadlineNo: 0,
    deadlineSetAt: CREATED_AT,
    facts: { extensionCount: 0, reopenCount: 0 },
    model: 2,
    ...overrides,
  };
}

/** Decides a command the test expects accepted; a refusal fails the test with its reason. */
export function accept(state: CommitmentState, command: Command, at = NOW): Decision {
  const out = decide(state, command, { now: at, nextSeq: NEXT_SEQ });
  if (!out.ok) throw new Error(`${command.type} was refused (${out.kind}): ${out.reason}`);
  return out;
}

/** Decides a command the test expects refused, and checks the refusal left the state as it was. */
export function refuse(state: CommitmentState, command: Command, at = NOW): Rejection {
  const before = structuredClone(state);
  const out = decide(state, command, { now: at, nextSeq: NEXT_SEQ });
  if (out.ok) throw new Error(`${command.type} was accepted in status ${state.status}; a refusal was expected`);
  expect(state).toEqual(before);
  return { kind: out.kind, reason: out.reason };
}

/** Applies commands in turn, each at its own time, and returns the state they leave. */
export function walk(state: CommitmentState, ...steps: [Command, number][]): CommitmentState {
  return steps.reduce((s, [command, at]) => accept(s, command, at).state, state);
}

const DAY = 24 * 3600_000;

/** Lapsed at the deadline, the first level (Ana) alerted. */
export const escalated = (s = commitment()): CommitmentState =>
  walk(s, [{ type: 'lapse' }, Date.parse(s.dueAt)], [{ type: 'levelReached', contact: ANA }, Date.parse(s.dueAt) + 1000]);

export const paused = (s = commitment()): CommitmentState => walk(s, [{ type: 'pause', actor: AS.agent, reason: 'Waiting for the bank statement' }, NOW]);

/** Fulfilled in time and asked whether it is resolved. */
export const fulfilled = (s = commitment()): CommitmentState =>
  walk(s, [{ type: 'fulfil', actor: AS.agent, resolution: 'Refunded the duplicate charge' }, NOW], [{ type: 'askSatisfaction' }, minutes(60)]);

/** The customer said YES by text and has been asked for a rating. */
export const confirmed = (): CommitmentState => walk(fulfilled(), [{ type: 'customerReply', answer: 'yes', via: 'sms' }, minutes(90)]);

/** The customer said NO: the supervisor owns it with a fresh deadline. */
export const reopened = (): CommitmentState =>
  walk(fulfilled(), [{ type: 'customerReply', answer: 'no', via: 'sms', text: 'Still charged twice' }, minutes(90)]);

export const unconfirmed = (): CommitmentState =>
  walk(fulfilled(), [{ type: 'remindSatisfaction' }, minutes(60 + 24 * 60)], [{ type: 'closeUnconfirmed' }, minutes(60) + 2 * DAY]);

export const cancelled = (): CommitmentState =>
  walk(commitment(), [{ type: 'cancel', actor: AS.agent, reason: 'Duplicate entry', notifyCustomer: false }, NOW]);

/** One state in each status. */
export const IN_STATUS: Record<CommitmentStatus, () => CommitmentState> = {
  open: () => commitment(),
  paused: () => paused(),
  escalated: () => escalated(),
  fulfilled: () => fulfilled(),
  confirmed,
  unconfirmed,
  cancelled,
};
