/**
 * Every refusal of an action that no other test shows, against the real API, worker and Temporal:
 * the status and problem detail a caller gets, and that the refused update never entered the
 * workflow's history (its validator said no) nor changed the commitment.
 */
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { customerReplyUpdate } from '../../src/shared/contract';
import { commitmentBody, SUPERVISOR_KEY, useHarness } from '../support/harness';
import { acceptedUpdates } from '../support/history';

const h = useHarness();
const WAIT = { timeout: 20_000, interval: 100 };
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();
const YEAR = 365 * 24 * 3600_000;

type Kind = 'open' | 'escalated' | 'reopened' | 'confirmed';
interface Made {
  id: string;
  workflowId: string;
  email: string;
}
const made = {} as Record<Kind, Made>;

let n = 0;
async function create(overrides: Record<string, unknown> = {}): Promise<Made & { phone: string }> {
  n += 1;
  const customer = {
    name: `Refused ${n} Customer`,
    phone: `+1415555${String(6000 + n).padStart(4, '0')}`,
    email: `refused${n}@example.com`,
    timezone: 'America/Chicago',
  };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H', ...overrides }) });
  expect(res.status).toBe(201);
  return { id: res.body.id, workflowId: res.body.workflowId, phone: customer.phone, email: customer.email };
}

const view = async (id: string) => (await h.api('GET', `/v1/commitments/${id}`, { key: SUPERVISOR_KEY })).body;
const reach = (id: string, what: string, check: (v: any) => boolean) =>
  vi.waitFor(async () => {
    if (!check(await view(id))) throw new Error(`the commitment is not ${what} yet`);
  }, WAIT);

/** Fulfilled and asked by text whether it is resolved; then the customer answers. */
async function answered(answer: string, what: string, check: (v: any) => boolean): Promise<Made> {
  const c = await create({ confirmAfter: 'PT1S' });
  expect((await h.api('POST', `/v1/commitments/${c.id}/fulfil`, { body: { resolution: 'Refunded the duplicate charge' } })).status).toBe(200);
  await reach(c.id, 'asked', (v) => v.awaiting === 'confirmation');
  expect((await h.sms(c.phone, answer)).status).toBe(200);
  await reach(c.id, what, check);
  return c;
}

beforeAll(async () => {
  const [open, escalated, reopened, confirmed] = await Promise.all([
    create(),
    create({ dueIn: 'PT1S' }).then(async (c) => (await reach(c.id, 'escalated', (v) => v.status === 'escalated'), c)),
    answered('No, still charged twice', 'reopened', (v) => v.facts.reopenCount === 1),
    answered('Yes', 'waiting for a rating', (v) => v.awaiting === 'rating'),
  ]);
  Object.assign(made, { open, escalated, reopened, confirmed });
});

const CONFLICT = { status: 409, type: '/problems/invalid-transition' };
const FORBIDDEN = { status: 403, type: '/problems/forbidden' };
const INVALID = { status: 400, type: '/problems/invalid-request' };
const FIELDS = 'The request has invalid fields; see errors.';
/** Refused by the authority table before Temporal is asked: the agent's own escalation is the chain's now; a reopened one is the supervisor's. */
const OVER_HEAD = (action: string) =>
  `It is escalated: it went over your head, and the chain holds it until someone acknowledges it. Only a supervisor of team Support or an admin can ${action} it.`;
const HANDED_ON = (action: string) =>
  `You handed this commitment on; Sam Okafor holds it now. Only its owner (Sam Okafor), a supervisor of team Support or an admin can ${action} it.`;
// Dana owns what the default key creates.

const cases: {
  name: string;
  on: Kind;
  action: string;
  method?: string;
  update: string;
  body: unknown;
  key?: string;
  problem: { status: number; type: string };
  detail: string;
  pointer?: string;
}[] = [
  {
    name: 'reassigning to the owner it already has',
    on: 'open',
    action: 'reassign',
    update: 'reassign',
    body: { ownerId: 'agent-dana', handoffNote: 'to me' },
    problem: CONFLICT,
    detail: 'Dana Reyes already owns this commitment.',
  },
  {
    name: 'resuming what is not paused',
    on: 'open',
    action: 'resume',
    update: 'resume',
    body: {},
    problem: CONFLICT,
    detail: 'This commitment is open; it can be resumed only when paused.',
  },
  // Instants out of bounds are refused at the edge now, naming the field; the core's own refusals stay as a guard (test/core).
  {
    name: 'a pause that ended in the past',
    on: 'open',
    action: 'pause',
    update: 'pause',
    body: { reason: 'Waiting', until: ago(60_000) },
    problem: INVALID,
    detail: FIELDS,
    pointer: '/until',
  },
  {
    name: 'a pause over a year',
    on: 'open',
    action: 'pause',
    update: 'pause',
    body: { reason: 'Waiting', until: ahead(2 * YEAR) },
    problem: INVALID,
    detail: FIELDS,
    pointer: '/until',
  },
  {
    name: 'a next contact in the past',
    on: 'open',
    action: 'fulfil',
    update: 'fulfil',
    body: { resolution: 'Done', nextContactAt: ago(60_000) },
    problem: INVALID,
    detail: FIELDS,
    pointer: '/nextContactAt',
  },
  {
    name: 'a next contact over a year ahead',
    on: 'open',
    action: 'fulfil',
    update: 'fulfil',
    body: { resolution: 'Done', nextContactAt: ahead(2 * YEAR) },
    problem: INVALID,
    detail: FIELDS,
    pointer: '/nextContactAt',
  },
  {
    name: 'extending an escalated commitment',
    on: 'escalated',
    action: 'extend',
    update: 'extend',
    body: { dueIn: 'PT4H', reason: 'More time' },
    problem: CONFLICT,
    detail: 'This commitment is escalated; it can be extended only when open or paused.',
  },
  {
    name: 'pausing an escalated commitment',
    on: 'escalated',
    action: 'pause',
    update: 'pause',
    body: { reason: 'Waiting' },
    problem: CONFLICT,
    detail: 'This commitment is escalated; it can be paused only when open.',
  },
  {
    name: 'a supervisor reassigning an escalated commitment',
    on: 'escalated',
    action: 'reassign',
    update: 'reassign',
    key: SUPERVISOR_KEY,
    body: { ownerId: 'agent-lee', handoffNote: 'Over to Lee' },
    problem: CONFLICT,
    detail: 'This commitment is escalated; it can be reassigned only when open or paused (acknowledge it to take it over).',
  },
  {
    name: 'an agent cancelling an escalated commitment',
    on: 'escalated',
    action: 'cancel',
    update: 'cancel',
    body: { reason: 'Not needed' },
    problem: FORBIDDEN,
    detail: OVER_HEAD('cancel'),
  },
  {
    name: 'an agent cancelling a reopened commitment',
    on: 'reopened',
    action: 'cancel',
    update: 'cancel',
    body: { reason: 'Not needed' },
    problem: FORBIDDEN,
    detail: HANDED_ON('cancel'),
  },
  {
    name: 'an agent pausing a reopened commitment',
    on: 'reopened',
    action: 'pause',
    update: 'pause',
    body: { reason: 'Waiting' },
    problem: FORBIDDEN,
    detail: HANDED_ON('pause'),
  },
  {
    name: 'an agent reassigning a reopened commitment',
    on: 'reopened',
    action: 'reassign',
    update: 'reassign',
    body: { ownerId: 'agent-dana', handoffNote: 'Back to me' },
    problem: FORBIDDEN,
    detail: HANDED_ON('reassign'),
  },
  {
    name: 'cancelling a confirmed commitment still open for its rating',
    on: 'confirmed',
    action: 'cancel',
    update: 'cancel',
    key: SUPERVISOR_KEY,
    body: { reason: 'Tidy up' },
    problem: CONFLICT,
    detail: 'This commitment is confirmed; it can be cancelled only when open or paused or escalated or fulfilled.',
  },
  {
    name: 'fulfilling a confirmed commitment',
    on: 'confirmed',
    action: 'fulfil',
    update: 'fulfil',
    body: { resolution: 'Again' },
    problem: CONFLICT,
    detail: 'This commitment is confirmed; it can be fulfilled only when open or paused.',
  },
  {
    name: 'a pendingUntil in the past',
    on: 'open',
    action: 'fulfil',
    update: 'fulfil',
    body: { resolution: 'Done', pendingUntil: ago(60_000) },
    problem: INVALID,
    detail: FIELDS,
    pointer: '/pendingUntil',
  },
  {
    name: 'escalating by hand what is already escalated',
    on: 'escalated',
    action: 'escalate',
    update: 'escalate',
    key: SUPERVISOR_KEY,
    body: { reason: 'safety', note: 'Threats' },
    problem: CONFLICT,
    detail: 'This commitment is escalated; it can be escalated by hand only when open or paused.',
  },
  {
    name: 'a progress update to a confirmed commitment',
    on: 'confirmed',
    action: 'updates',
    update: 'progress',
    key: SUPERVISOR_KEY,
    body: { text: 'Update' },
    problem: CONFLICT,
    detail: 'This commitment is confirmed; it can be given a progress update only when open or paused or escalated.',
  },
  {
    name: 'a call-log change that changes nothing',
    on: 'open',
    action: 'log',
    method: 'PATCH',
    update: 'updateLog',
    body: { rootCause: 'bad_automation' },
    problem: CONFLICT,
    detail: 'The call log already says that; nothing changed.',
  },
];

describe('refused actions', () => {
  it.each(cases.map((c) => [`${c.problem.status} to ${c.name}`, c] as const))(
    'answers %s, and changes nothing',
    async (_, { on, action, method, update, body, key, problem, detail, pointer }) => {
      const { id, workflowId } = made[on];
      const before = await view(id);
      const accepted = await acceptedUpdates(h.client, workflowId);
      const res = await h.api(method ?? 'POST', `/v1/commitments/${id}/${action}`, { body, ...(key ? { key } : {}) });
      expect(res.status).toBe(problem.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ ...problem, detail });
      if (pointer) expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
      expect((await acceptedUpdates(h.client, workflowId)).filter((name) => name === update)).toEqual(accepted.filter((name) => name === update));
      expect(await view(id)).toMatchObject({ status: before.status, owner: before.owner, dueAt: before.dueAt, deadlineNo: before.deadlineNo });
    },
  );

  it('tells a customer who follows the NO link after answering YES by text that nothing is being asked', async () => {
    const { id, email } = made.confirmed;
    const mail = await h.smtp.waitForMail((m) => m.to.includes(email) && m.subject.startsWith('Is it fully sorted'), 15_000);
    const no = (mail.text.match(/http:\/\/127\.0\.0\.1:\d+\/c\/\S+/g) ?? [])[1];
    expect(no).toBeDefined();
    const res = await fetch(no!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=changed+my+mind' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This commitment is not waiting for a yes or no.');
    expect(await view(id)).toMatchObject({ status: 'confirmed', facts: { reopenCount: 0, satisfaction: { answer: 'yes' } } });
  });
});

describe('a refused update that no route can send', () => {
  it('refuses a rating outside 1 to 5 in the validator, with the type the API maps, and keeps it out of the history', async () => {
    const handle = h.client.workflow.getHandle(made.confirmed.workflowId);
    const err: unknown = await handle.executeUpdate(customerReplyUpdate, { args: [{ answer: 'rating', rating: 9, via: 'sms' }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect({ type: (cause as ApplicationFailure).type, message: cause?.message }).toEqual({
      type: 'InvalidInput',
      message: 'A rating is a whole number from 1 to 5.',
    });
    // The YES by text is the only reply the confirmed commitment ever accepted.
    expect((await acceptedUpdates(h.client, made.confirmed.workflowId)).filter((name) => name === 'customerReply')).toEqual(['customerReply']);
  });
});
