import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi';
import { ROUTES } from '../../src/api/routes';

interface Operation {
  operationId?: string;
  tags?: string[];
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  tags?: { name: string; description?: string }[];
}

// The document is built from the route table alone: no server, Temporal or Postgres.
const doc = openApiDocument(ROUTES, 'http://api.test') as Document;
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, ...op })),
);

describe('the OpenAPI operations', () => {
  it('are all there: one per route of the table', () => {
    expect(operations.length).toBe(ROUTES.length);
    expect(operations.length).toBeGreaterThan(15);
  });

  it('each have a camelCase operationId', () => {
    const bad = operations.filter((op) => typeof op.operationId !== 'string' || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId)).map((op) => op.at);
    expect(bad).toEqual([]);
  });

  it('have unique operationIds', () => {
    const ids = operations.map((op) => op.operationId);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated).toEqual([]);
  });

  it('each have exactly one tag, declared at the top with a description', () => {
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    expect(declared.size).toBe((doc.tags ?? []).length);
    for (const [name, description] of declared) expect(description, name).toMatch(/\S/);
    const bad = operations.filter((op) => op.tags?.length !== 1 || !declared.has(op.tags[0]!)).map((op) => `${op.at} ${JSON.stringify(op.tags)}`);
    expect(bad).toEqual([]);
  });

  it('declare only tags some operation uses', () => {
    const used = new Set(operations.flatMap((op) => op.tags ?? []));
    expect((doc.tags ?? []).map((t) => t.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('keep the names clients are generated with', () => {
    const byId = Object.fromEntries(operations.map((op) => [op.operationId, op.at]));
    expect(byId).toMatchObject({
      createCommitment: 'POST /v1/commitments',
      getCommitment: 'GET /v1/commitments/{id}',
      listCommitments: 'GET /v1/commitments',
      fulfilCommitment: 'POST /v1/commitments/{id}/fulfil',
      acknowledgeCommitment: 'POST /v1/commitments/{id}/acknowledge',
      listStaff: 'GET /v1/staff',
      createTeam: 'POST /v1/teams',
      twilioInboundSms: 'POST /v1/webhooks/twilio/sms',
      getHealth: 'GET /healthz',
    });
  });
});
