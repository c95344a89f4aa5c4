/**
 * Every query an integrator can get wrong is a 400 problem naming the parameter, never a 500:
 * cursors taken apart and put back together, instants Postgres cannot store, report ranges of
 * centuries. These read only Postgres, so the API runs without a worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startReadApi, SUPERVISOR_KEY, type ReadApi } from '../support/read-api';

let api: ReadApi;
beforeAll(async () => {
  // SHORTEST_WINDOW as production has it (the tests' own default is a second).
  api = await startReadApi({ env: { SHORTEST_WINDOW: 'PT1M' } });
});
afterAll(async () => {
  await api?.close();
});

const cursor = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A 400 problem+json whose errors name exactly these pointers. */
function expectInvalid(res: { status: number; headers: Headers; body: any }, pointers: string[]): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect([...new Set(res.body.errors.map((e: { pointer: string }) => e.pointer))].sort()).toEqual([...pointers].sort());
}

describe('cursors', () => {
  const valid = ['dueAt', '2026-11-22T15:15:00.000000Z', 'cmt_0123456789abcdefghijklmn'];
  it.each([
    ['a timestamp Postgres cannot read', ['dueAt', '1', 'x']],
    ['a date that does not exist', ['dueAt', '2026-02-31T00:00:00.000000Z', valid[2]]],
    ['a year before 1970', ['dueAt', '0001-01-01T00:00:00.000000Z', valid[2]]],
    ['a NUL in the id', ['dueAt', valid[1], 'cmt_\u0000']],
    ['an id of 10,000 characters', ['dueAt', valid[1], 'x'.repeat(10_000)]],
    ['numbers instead of strings', ['dueAt', 1, 2]],
    ['an unknown sort', ['priority', valid[1], valid[2]]],
    ['four parts', [...valid, 'extra']],
    ['an object', { sort: 'dueAt' }],
    ['JSON that is not JSON', '["dueAt",'],
  ])('refuses a list cursor with %s', async (_what, value) => {
    expectInvalid(await api.get(`/v1/commitments?cursor=${cursor(value)}`), ['/query/cursor']);
  });

  it('refuses a cursor that is not base64url at all, and one too long', async () => {
    expectInvalid(await api.get('/v1/commitments?cursor=%00%01'), ['/query/cursor']);
    expectInvalid(await api.get(`/v1/commitments?cursor=${'a'.repeat(600)}`), ['/query/cursor']);
  });

  it.each([
    ['a timestamp Postgres cannot read', ['atRisk', '1', 'x']],
    ['a NUL in the id', ['atRisk', '2026-11-22T15:15:00.000000Z', '\u0000']],
    ['another section', ['owners', 'infinity', 'agent-dana']],
  ])('refuses a board cursor with %s', async (_what, value) => {
    expectInvalid(await api.get(`/v1/board?section=atRisk&cursor=${cursor(value)}`), ['/query/cursor']);
  });
});

describe('instants and ranges', () => {
  it.each([
    ['/v1/reports/patterns?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', ['/query/from', '/query/to']],
    ['/v1/reports/summary?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z', ['/query/to']],
    ['/v1/reports/weekly?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', ['/query/to']],
    ['/v1/reports/satisfaction?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', ['/query/to']],
    ['/v1/reports/acknowledgements?from=1969-12-31T23:59:59Z&to=1970-01-02T00:00:00Z', ['/query/from']],
    ['/v1/commitments?dueAfter=0000-01-01T00:00:00Z', ['/query/dueAfter']],
    ['/v1/commitments?dueBefore=9999-12-31T23:59:59-14:00', ['/query/dueBefore']],
    ['/v1/commitments?createdAfter=2026-02-30T00:00:00Z', ['/query/createdAfter']],
    ['/v1/rotations/nope/on-call?at=9999-12-31T23:59:59-14:00', ['/query/at']],
  ])('answers %s with a 400 naming %j', async (path, pointers) => {
    expectInvalid(await api.get(path, ADMIN_KEY), pointers);
  });

  it('reports over two years and a day are refused; two years are served', async () => {
    expect((await api.get('/v1/reports/summary?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).status).toBe(200);
  });
});

describe('other parameters', () => {
  it.each([
    ['/v1/commitments?owner=%00', ['/query/owner']],
    ['/v1/commitments?externalRef=a%00b', ['/query/externalRef']],
    [`/v1/commitments?externalRef=${'x'.repeat(201)}`, ['/query/externalRef']],
    ['/v1/commitments?limit=1e3', ['/query/limit']],
    ['/v1/commitments?status=open&status=%00', ['/query/status/1']],
    ['/v1/commitments?customerEmail=a%40b.c%00', ['/query/customerEmail']],
    ['/v1/staff?team=%E2%80%AE', ['/query/team']],
  ])('answers %s with a 400', async (path, pointers) => {
    const res = await api.get(path, ADMIN_KEY);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(pointers));
  });
});

describe('the shortest window', () => {
  it('refuses a deadline or a confirmation wait under a minute by default, naming SHORTEST_WINDOW', async () => {
    const body = {
      customer: { name: 'Maria Lopez', email: 'maria@example.com', timezone: 'America/Chicago' },
      summary: 'Call back',
      dueIn: 'PT30S',
      confirmAfter: 'PT10S',
    };
    const res = await api.call('POST', '/v1/commitments', SUPERVISOR_KEY, body);
    expectInvalid(res, ['/dueIn', '/confirmAfter']);
    expect(res.body.errors[0].detail).toBe('must be at least 1 minute away (SHORTEST_WINDOW)');
  });
});
