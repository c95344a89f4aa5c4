/**
 * Customer details in Temporal are encrypted: the codec itself (AES-256-GCM, key ids, rotation),
 * what Temporal stores for a real commitment, the codec endpoint the Temporal UI calls (key or
 * session, CORS for the UI's origin only), and replay of encrypted histories.
 */
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { openSession } from '../../src/db/sessions';
import { AesGcmCodec, ENCRYPTED_ENCODING, PayloadDecryptionError } from '../../src/temporal/codec';
import { testDataConverter } from '../support/config';
import { AGENT_KEY, commitmentBody, SUPERVISOR_KEY, useHarness, workflowBundle } from '../support/harness';

const UI = 'http://temporal-ui.test:8233';
const h = useHarness({ env: { TEMPORAL_UI_ORIGINS: UI } });

const key = (id: string) => ({ id, key: randomBytes(32) });
const json = (value: unknown): Payload => ({
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify(value)),
});
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('the payload codec', () => {
  it('encrypts each payload under the first key, naming it, and decrypts it back exactly', async () => {
    const codec = new AesGcmCodec([key('k2'), key('k1')]);
    const plain = json({ customer: { name: 'Maria Lopez', phone: '+14155550123' } });
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed?.metadata?.['encryption-key-id'])).toBe('k2');
    expect(text(sealed?.data)).not.toContain('Maria');
    const [opened] = await codec.decode([sealed!]);
    expect(text(opened?.data)).toBe(text(plain.data));
    expect(text(opened?.metadata?.encoding)).toBe('json/plain');
  });

  it('reads payloads of an older key while it is still listed, after it, and says which key is missing once it is not', async () => {
    const [old, current] = [key('2025'), key('2026')];
    const [sealedBefore] = await new AesGcmCodec([old]).encode([json('before the rotation')]);
    const rotated = new AesGcmCodec([current, old]);
    expect(text((await rotated.decode([sealedBefore!]))[0]?.data)).toBe('"before the rotation"');
    expect(text((await rotated.encode([json('after')]))[0]?.metadata?.['encryption-key-id'])).toBe('2026');
    await expect(new AesGcmCodec([current]).decode([sealedBefore!])).rejects.toThrow(/key "2025", which PAYLOAD_KEYS does not list/);
  });

  it('passes payloads that were never encrypted through untouched, and refuses changed ones', async () => {
    const codec = new AesGcmCodec([key('k1')]);
    const plain = json('recorded before encryption');
    expect(await codec.decode([plain])).toEqual([plain]);
    const [sealed] = await codec.encode([json('x')]);
    const tampered = { ...sealed, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(codec.decode([tampered])).rejects.toBeInstanceOf(PayloadDecryptionError);
    // The key id is authenticated: a payload moved under another id with the same key does not open.
    const k = key('a');
    const [underA] = await new AesGcmCodec([k]).encode([json('x')]);
    const relabelled = { ...underA, metadata: { ...underA!.metadata, 'encryption-key-id': new TextEncoder().encode('b') } };
    await expect(new AesGcmCodec([{ id: 'b', key: k.key }]).decode([relabelled])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });
});

async function lapsedCommitment() {
  const customer = { name: 'Zelda Encrypted', phone: '+14155550142', email: 'zelda@example.com', timezone: 'America/Chicago' };
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, summary: 'Refund the secret charge' }) });
  expect(res.status).toBe(201);
  await h.api('POST', `/v1/commitments/${res.body.id}/notes`, { body: { text: 'Zelda called again' } });
  return { ...res.body, customer } as { id: string; workflowId: string; customer: typeof customer };
}

/** Every payload of a history, as Temporal stores it, in the codec protocol's JSON form. */
function payloadsOf(history: unknown): { metadata: Record<string, string>; data: string }[] {
  const found: { metadata: Record<string, string>; data: string }[] = [];
  const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || v instanceof Uint8Array) return;
    for (const [k, inner] of Object.entries(v)) {
      if (k === 'payloads' && Array.isArray(inner)) {
        for (const p of inner as Payload[])
          found.push({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([m, b]) => [m, b64(b)])), data: b64(p.data) });
      } else walk(inner);
    }
  };
  walk(history);
  return found;
}

describe('what Temporal stores', () => {
  it("holds none of the customer's details or words in the clear, and the codec endpoint shows them to a supervisor", async () => {
    const c = await lapsedCommitment();
    const history = await h.client.workflow.getHandle(c.workflowId).fetchHistory();
    const payloads = payloadsOf(history);
    expect(payloads.length).toBeGreaterThan(3);
    // Every payload's bytes as Temporal keeps them, and everything else in the history as text.
    const stored = [...payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')), JSON.stringify(history)].join('\n');
    for (const secret of ['Zelda', '+14155550142', 'zelda@example.com', 'secret charge', 'called again']) expect(stored).not.toContain(secret);
    // What stays readable is the SDK's own bookkeeping (patch markers, local-activity markers, search
    // attributes: owner id, status, deadline); everything the workflow says is encrypted.
    const encrypted = payloads.filter((p) => Buffer.from(p.metadata.encoding ?? '', 'base64').toString() === ENCRYPTED_ENCODING);
    expect(encrypted.length).toBeGreaterThan(3);
    const decoded = await h.api('POST', '/codec/decode', { key: SUPERVISOR_KEY, body: { payloads } });
    expect(decoded.status).toBe(200);
    const words = decoded.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');
    expect(words).toContain('Zelda Encrypted');
    expect(words).toContain('Zelda called again');

    // Encoding with the endpoint gives what the worker would write: it decodes again.
    const encoded = await h.api('POST', '/codec/encode', { key: SUPERVISOR_KEY, body: { payloads: decoded.body.payloads.slice(0, 1) } });
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
  });

  it('replays an encrypted history with the codec (test/workflows/replay.test.ts replays the unencrypted recordings with it)', async () => {
    const c = await lapsedCommitment();
    const history = await h.client.workflow.getHandle(c.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter() }, history, c.workflowId);
  });
});

describe('the codec endpoint', () => {
  const body = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }] };

  it('is for supervisors and admins with a key; agents are refused, and so is nobody', async () => {
    expect((await h.api('POST', '/codec/decode', { key: AGENT_KEY, body })).status).toBe(403);
    expect((await h.api('POST', '/codec/decode', { key: null, body })).status).toBe(401);
    expect((await h.api('POST', '/codec/encode', { key: SUPERVISOR_KEY, body: { payloads: [{ data: 'not base64!' }] } })).status).toBe(400);
  });

  it('answers the Temporal UI: CORS for its origin with credentials, the console session without a CSRF token', async () => {
    const preflight = await fetch(`${h.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Namespace');

    const { id } = (await openSession(h.db.pool, 'sup-sam', { method: 'email' }))!;
    const res = await fetch(`${h.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { origin: UI, cookie: `ft_session=${id}`, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);

    const elsewhere = await fetch(`${h.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
