import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi';
import { ROUTES } from '../../src/api/routes';
import { EVENT_TYPE_NAMES, TEST_EVENT_TYPE } from '../../src/events/catalogue';

interface Operation {
  operationId?: string;
  tags?: string[];
}
interface Webhook extends Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses?: Record<string, unknown>;
}
interface Schema {
  properties?: Record<string, { enum?: unknown[]; $ref?: string }>;
  required?: string[];
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, { post?: Webhook }>;
  components?: { schemas?: Record<string, Schema> };
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

describe('the OpenAPI webhooks', () => {
  const webhooks = doc.webhooks ?? {};
  const schemaOf = (ref: string | undefined) => doc.components?.schemas?.[(ref ?? '').replace('#/components/schemas/', '')];

  it('have one entry per event type a subscription may ask for, and the test event', () => {
    const missing = [...EVENT_TYPE_NAMES, TEST_EVENT_TYPE].filter((t) => !webhooks[t]?.post);
    expect(missing).toEqual([]);
    expect(Object.keys(webhooks).sort()).toEqual([...EVENT_TYPE_NAMES, TEST_EVENT_TYPE].sort());
  });

  it('each describe the signed POST: the three Standard Webhooks headers, and a CloudEvent of its own type', () => {
    for (const [name, item] of Object.entries(webhooks)) {
      const post = item.post!;
      const headers = (post.parameters ?? []).filter((p) => p.in === 'header' && p.required).map((p) => p.name);
      expect(headers, name).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      const body = schemaOf(post.requestBody?.content['application/json']?.schema.$ref);
      expect(body?.properties?.type?.enum, name).toEqual([name]);
      expect(body?.properties?.specversion?.enum, name).toEqual(['1.0']);
      expect(body?.required, name).toEqual(expect.arrayContaining(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'data']));
      expect(Object.keys(post.responses ?? {}), name).toEqual(expect.arrayContaining(['2XX', '410', '429', '503']));
    }
  });

  it("carry the commitment as the Commitment list item's component", () => {
    const body = schemaOf(webhooks['followthrough.commitment.lapsed']?.post?.requestBody?.content['application/json']?.schema.$ref);
    const data = schemaOf(body?.properties?.data?.$ref);
    expect(data?.properties?.commitment?.$ref).toBe('#/components/schemas/CommitmentListItem');
    expect(data?.required).toEqual(['sequence', 'entry', 'actor', 'commitment']);
  });

  it('have operationIds unique across the whole document', () => {
    const ids = [...operations.map((op) => op.operationId), ...Object.values(webhooks).map((w) => w.post?.operationId)];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(Object.values(webhooks).filter((w) => !/^[a-z][A-Za-z0-9]+$/.test(w.post?.operationId ?? ''))).toEqual([]);
  });
});
