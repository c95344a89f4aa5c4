import { describe, expect, it } from 'vitest';
import { COMMITMENT_STATUSES } from '../../src/shared/contract';
import { ALLOWED, decide, type Command, type CommandType } from '../../src/core';
import { accept, ANA, AS, IN_STATUS, NOW, OLGA, SAM, iso, minutes, refuse } from '../support/states';

/** One well-formed command of every type: the table, not the values, decides whether it is taken. */
const SAMPLES: { [T in CommandType]: Extract<Command, { type: T }> } = {
  start: { type: 'start', actor: AS.agent },
  remind: { type: 'remind' },
  checkIn: { type: 'checkIn' },
  lapse: { type: 'lapse' },
  levelReached: { type: 'levelReached', contact: ANA },
  levelClosed: { type: 'levelClosed', calendar: 'Support hours' },
  levelUnreached: { type: 'levelUnreached', contactId: ANA.id, round: 0, level: 0, reason: 'no channel' },
  ackWindowEnded: { type: 'ackWindowEnded' },
  acknowledge: { type: 'acknowledge', actor: AS.lead, by: ANA.id, dueAt: iso(minutes(24 * 60)) },
  extend: { type: 'extend', actor: AS.agent, dueAt: iso(minutes(24 * 60)), reason: 'The bank needs a day' },
  reassign: { type: 'reassign', actor: AS.system, owner: SAM, handoffNote: 'Dana has left the team' },
  transfer: {
    type: 'transfer',
    actor: AS.supervisor,
    team: { id: 'retail', name: 'Retail' },
    supervisor: OLGA,
    owner: OLGA,
    escalation: { levels: [{ target: { kind: 'supervisor' }, ackWithinMs: 30 * 60_000 }], repeat: 0 },
    note: 'A store purchase',
  },
  cancel: { type: 'cancel', actor: AS.supervisor, reason: 'Duplicate entry', notifyCustomer: true },
  note: { type: 'note', actor: AS.agent, author: 'agent-dana', text: 'Called, no answer' },
  pause: { type: 'pause', actor: AS.agent, reason: 'Waiting for the receipt' },
  resume: { type: 'resume', actor: AS.agent },
  pauseEnded: { type: 'pauseEnded' },
  attempt: { type: 'attempt', actor: AS.agent, outcome: 'no_answer' },
  customerMove: { type: 'customerMove', dueAt: iso(minutes(240)), via: 'page' },
  calendarChanged: {
    type: 'calendarChanged',
    actor: AS.admin,
    dueAt: iso(minutes(180)),
    business: { asked: 'PT2H', calendar: { id: 'support-hours', name: 'Support hours', version: 2 } },
  },
  fulfil: { type: 'fulfil', actor: AS.agent, resolution: 'Refunded' },
  escalate: { type: 'escalate', actor: AS.agent, reason: 'safety', note: 'The customer mentioned a gas smell' },
  progress: { type: 'progress', actor: AS.agent, text: 'The refund is approved' },
  updateLog: { type: 'updateLog', actor: AS.agent, changes: { rootCause: 'bad_automation' } },
  changeCustomer: { type: 'changeCustomer', actor: AS.agent, locale: 'es-US', region: 'US-TX' },
  askSatisfaction: { type: 'askSatisfaction' },
  remindSatisfaction: { type: 'remindSatisfaction' },
  closeUnconfirmed: { type: 'closeUnconfirmed' },
  customerReply: { type: 'customerReply', answer: 'yes', via: 'link' },
  ratingWindowEnded: { type: 'ratingWindowEnded' },
  customerMessage: { type: 'customerMessage', text: 'Any news?' },
  smsConsent: { type: 'smsConsent', optedOut: true },
  followUpCreated: { type: 'followUpCreated', followUpId: 'cmt_next', dueAt: iso(minutes(24 * 60)) },
};

/** The allowed pairs whose sample meets a state it does not fit: the level here was alerted already, a YES was given. */
const OWN_REFUSALS: Record<string, string> = {
  'levelReached/escalated': 'No escalation level is waiting to be alerted.',
  'levelClosed/escalated': 'No escalation level is waiting to be alerted.',
  'customerReply/confirmed': 'This commitment is not waiting for a yes or no.',
  'calendarChanged/open': 'This deadline is not counted on that calendar.',
};

const TYPES = Object.keys(SAMPLES) as CommandType[];
const cases = (allowed: boolean) =>
  TYPES.flatMap((type) => COMMITMENT_STATUSES.filter((status) => ALLOWED[type].includes(status) === allowed).map((status) => ({ type, status })));

describe('the transition table', () => {
  it('names every command the core understands, and only statuses that exist', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...TYPES].sort());
    for (const statuses of Object.values(ALLOWED)) expect(COMMITMENT_STATUSES).toEqual(expect.arrayContaining([...statuses]));
  });

  it.each(cases(false))('refuses $type when $status as a conflict, naming both, and leaves the state untouched', ({ type, status }) => {
    const state = IN_STATUS[status]();
    const refusal = refuse(state, SAMPLES[type]);
    expect(refusal.kind).toBe('conflict');
    expect(refusal.reason).toContain(`This commitment is ${status};`);
    expect(refusal.reason).toContain(`only when ${ALLOWED[type].join(' or ')}.`);
  });

  it.each(cases(true))('accepts $type when $status, unless the command has a reason of its own', ({ type, status }) => {
    const own = OWN_REFUSALS[`${type}/${status}`];
    if (own) expect(refuse(IN_STATUS[status](), SAMPLES[type]).reason).toBe(own);
    else expect(accept(IN_STATUS[status](), SAMPLES[type]).state).toBeDefined();
  });

  it('words the refusal with the action a person asked for', () => {
    expect(refuse(IN_STATUS.fulfilled(), SAMPLES.extend).reason).toBe('This commitment is fulfilled; it can be extended only when open or paused.');
    expect(refuse(IN_STATUS.open(), SAMPLES.acknowledge).reason).toBe('This commitment is open; it can be acknowledged only when escalated.');
    expect(refuse(IN_STATUS.escalated(), SAMPLES.escalate).reason).toBe('This commitment is escalated; it can be escalated by hand only when open or paused.');
  });

  it('decides at the time it is given, not the machine’s clock', () => {
    const at = NOW + 123_456;
    expect(decide(IN_STATUS.open(), SAMPLES.checkIn, { now: at, nextSeq: 0 })).toMatchObject({ ok: true, state: { facts: { lastUpdateAt: iso(at) } } });
  });
});
