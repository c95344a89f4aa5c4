/**
 * The receiver docs/events.md shows (examples/receiver.mjs), run as its readers run it: `node
 * receiver.mjs` with the secret in the environment. It accepts what the `standardwebhooks` package
 * signs with that secret, once per webhook-id, and refuses a forged or altered request with 401.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const EXAMPLE = resolve(__dirname, '../../examples/receiver.mjs');

let child: ChildProcessWithoutNullStreams;
let url = '';
let stdout = '';

beforeAll(async () => {
  child = spawn(process.execPath, [EXAMPLE], { env: { ...process.env, PORT: '0', FOLLOWTHROUGH_WEBHOOK_SECRET: SECRET } });
  child.stdout.setEncoding('utf8');
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the example did not start within 10 s: ${stderr}`)), 10_000);
    child.on('exit', (code) => fail(new Error(`the example exited (${code}): ${stderr}`)));
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const port = /listening on (\d+)/.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        done(`http://127.0.0.1:${port}/hooks/followthrough`);
      }
    });
  });
});

afterAll(() => {
  child?.kill();
});

const event = (id: string) =>
  JSON.stringify({
    specversion: '1.0',
    id,
    source: '/v1/commitments',
    type: 'followthrough.commitment.lapsed',
    subject: 'cmt_example',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { sequence: 7, entry: { type: 'lapsed', at: new Date().toISOString(), detail: 'The deadline passed before Dana Reyes reported it done.' } },
  });

function signed(body: string, id: string, secret = SECRET, at = new Date()) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', body, headers }).then((r) => r.status);
/** The child's log lines with this text (they reach us a moment after its answer: hence expect.poll). */
const logged = (text: string) => stdout.split('\n').filter((l) => l.includes(text));

describe('examples/receiver.mjs', () => {
  it('accepts a request signed with the secret, answering 204 and logging its type and subject', async () => {
    const body = event('cmt_example:7');
    expect(await post(body, signed(body, 'cmt_example:7'))).toBe(204);
    await expect.poll(() => logged('followthrough.commitment.lapsed cmt_example')).toHaveLength(1);
  });

  it('answers a repeat of the same webhook-id 204 without handling it again', async () => {
    const body = event('cmt_example:8');
    expect(await post(body, signed(body, 'cmt_example:8'))).toBe(204);
    // The retry of an attempt whose answer was lost: same id, a new timestamp and signature.
    expect(await post(body, signed(body, 'cmt_example:8', SECRET, new Date(Date.now() + 1000)))).toBe(204);
    await expect.poll(() => logged('followthrough.commitment.lapsed cmt_example')).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(logged('followthrough.commitment.lapsed cmt_example')).toHaveLength(2);
  });

  it('refuses with 401 a request signed with another secret, an altered body, a stale timestamp or no signature', async () => {
    const body = event('cmt_example:9');
    const forged = signed(body, 'cmt_example:9', `whsec_${randomBytes(32).toString('base64')}`);
    expect(await post(body, forged)).toBe(401);
    expect(await post(body.replace('Dana Reyes', 'Someone else'), signed(body, 'cmt_example:9'))).toBe(401);
    expect(await post(body, signed(body, 'cmt_example:9', SECRET, new Date(Date.now() - 10 * 60_000)))).toBe(401);
    const { 'webhook-signature': _signature, ...unsigned } = signed(body, 'cmt_example:9');
    expect(await post(body, unsigned)).toBe(401);
    // None of them was handled, and the id was not spent: the genuine request still goes through.
    expect(await post(body, signed(body, 'cmt_example:9'))).toBe(204);
    await expect.poll(() => logged('followthrough.commitment.lapsed cmt_example')).toHaveLength(3);
  });
});
