import { describe, expect, it } from 'vitest';
import { commitmentBody, useHarness } from '../support/harness';

const h = useHarness();

const notes = async (id: string) =>
  ((await h.api('GET', `/v1/commitments/${id}`)).body.timeline as { type: string; detail: string }[]).filter((e) => e.type === 'note');

async function create(): Promise<string> {
  const res = await h.api('POST', '/v1/commitments', { body: commitmentBody({ dueIn: 'PT2H' }) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('an action retried with the same Idempotency-Key', () => {
  it('is applied once: two identical notes with one key leave one note', async () => {
    const id = await create();
    const send = () => h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: 'Customer prefers email' }, headers: { 'idempotency-key': 'note-1' } });
    const [first, second] = [await send(), await send()];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await notes(id)).toHaveLength(1);
    // A new key is a new note.
    await h.api('POST', `/v1/commitments/${id}/notes`, { body: { text: 'Customer prefers email' }, headers: { 'idempotency-key': 'note-2' } });
    expect(await notes(id)).toHaveLength(2);
  });

  it('answers 503 with Retry-After within about 10 s while the worker is down, and the retry once it is back is applied once', async () => {
    const id = await create();
    // The commitment's first write has landed: what follows is the note alone.
    await expect.poll(async () => (await h.api('GET', `/v1/commitments/${id}`)).body.timeline.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await h.stopWorker();
    const started = Date.now();
    const during = await h.api('POST', `/v1/commitments/${id}/notes`, {
      body: { text: 'Called back, no answer' },
      headers: { 'idempotency-key': 'while-down' },
    });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(during.body).toMatchObject({ dependency: 'temporal' });
    expect(Date.now() - started).toBeLessThan(10_000);

    await h.startWorker();
    const retry = await h.api('POST', `/v1/commitments/${id}/notes`, {
      body: { text: 'Called back, no answer' },
      headers: { 'idempotency-key': 'while-down' },
    });
    expect(retry.status).toBe(200);
    expect((retry.body.timeline as { type: string }[]).filter((e) => e.type === 'note')).toHaveLength(1);
    expect(await notes(id)).toHaveLength(1);
  });
});
