/**
 * Recorded histories of representative runs, replayed against the current workflow code: a change
 * that would break running commitments (non-determinism) fails here. Changes to running logic
 * go behind `patched()`. Re-record after an intended, compatible change with
 *   RECORD_HISTORIES=v5 npx vitest run test/workflows/replay.test.ts   (the next label; see the directory)
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDataConverter } from '../support/config';
import { commitmentBody, eventually, OTHER_AGENT_KEY, startHarness, SUPERVISOR_KEY, workflowBundle, type Harness } from '../support/harness';
import { sendsFinished } from '../support/history';
import { startTcpProxy, viaProxy, type TcpProxy } from '../support/tcp-proxy';

const DIR = path.resolve(__dirname, '../fixtures/histories');
const { History } = temporal.api.history.v1;

// Histories are stored as protobuf's JSON object form (enum names, string longs, base64 bytes).
// The SDK's historyToJSON helper trips over two protobufjs copies under vitest, so it is not used.
const toJson = (h: temporal.api.history.v1.IHistory) =>
  JSON.stringify(History.toObject(History.fromObject(h), { longs: String, enums: String, bytes: String }), null, 1);
const fromJson = (text: string) => History.fromObject(JSON.parse(text) as Record<string, unknown>);
/**
 * RECORD_HISTORIES=<label> records every scenario as `<scenario>.<label>.json` next to the older
 * recordings, which stay: each one stands for commitments still running on the code of its day.
 */
const RECORD = process.env.RECORD_HISTORIES ?? '';

/** While recording, the app reaches Postgres through this proxy, so a scenario can take it away. */
let proxy: TcpProxy | undefined;

async function completed(h: Harness, workflowId: string) {
  await eventually(
    async () => ((await h.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED' ? true : undefined),
    30_000,
    `${workflowId} to complete`,
  );
  return h.client.workflow.getHandle(workflowId).fetchHistory();
}

/** Each scenario drives one commitment through a path and returns its workflow ID. */
const scenarios: Record<string, (h: Harness) => Promise<string>> = {
  async 'lapse-acknowledge-fulfil-confirm'(h) {
    const customer = { name: 'Replay One', phone: '+14155550601', email: 'r1@example.com', timezone: 'America/Chicago' };
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT1S', confirmAfter: 'PT1S', remindBefore: 'PT0.5S' }) }))
      .body;
    await h.smtp.waitForMail((m) => m.to.includes('sam@support.example') && m.subject.includes('Replay One'), 15_000);
    await eventually(async () =>
      (await h.api('GET', `/v1/commitments/${c.id}`)).body.timeline.some((e: { type: string }) => e.type === 'supervisor_alerted') ? true : undefined,
    );
    await h.api('POST', `/v1/commitments/${c.id}/acknowledge`, { key: SUPERVISOR_KEY, body: { dueIn: 'PT1H' } });
    await h.api('POST', `/v1/commitments/${c.id}/notes`, { key: SUPERVISOR_KEY, body: { text: 'Called the customer' } });
    await h.api('POST', `/v1/commitments/${c.id}/fulfil`, { key: SUPERVISOR_KEY, body: { resolution: 'Refunded' } });
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply YES or NO'), 15_000);
    await h.sms(customer.phone, 'YES');
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply 1'), 15_000);
    await h.sms(customer.phone, '5');
    return c.workflowId;
  },
  async 'extend-pause-fulfil-reopen-cancel'(h) {
    const customer = { name: 'Replay Two', phone: '+14155550602', email: 'r2@example.com', timezone: 'Europe/Madrid' };
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT1H', confirmAfter: 'PT1S' }) })).body;
    await h.api('POST', `/v1/commitments/${c.id}/extend`, { body: { dueIn: 'PT2H', reason: 'waiting on the bank' } });
    await h.api('POST', `/v1/commitments/${c.id}/pause`, { body: { reason: 'customer away' } });
    await h.api('POST', `/v1/commitments/${c.id}/resume`, { body: {} });
    // Recorded up to v2 as Dana handing it on and then fulfilling it herself, which the authority table now refuses.
    await h.api('POST', `/v1/commitments/${c.id}/reassign`, { key: SUPERVISOR_KEY, body: { ownerId: 'agent-lee', handoffNote: 'Lee has the bank contact' } });
    await h.api('POST', `/v1/commitments/${c.id}/fulfil`, { key: OTHER_AGENT_KEY, body: { resolution: 'Done' } });
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('Reply YES or NO'), 15_000);
    await h.sms(customer.phone, 'NO, still broken');
    await eventually(async () => ((await h.api('GET', `/v1/commitments/${c.id}`, { key: SUPERVISOR_KEY })).body.status === 'open' ? true : undefined));
    await h.api('POST', `/v1/commitments/${c.id}/cancel`, { key: SUPERVISOR_KEY, body: { reason: 'handled by phone', notifyCustomer: false } });
    return c.workflowId;
  },
  async 'lapse-while-postgres-down-acknowledge-cancel'(h) {
    // Postgres goes away between the recap and the deadline: the alert goes without the ledger,
    // and the workflow writes its rows (and the read model) once Postgres is back.
    const customer = { name: 'Replay Three', phone: '+14155550603', email: 'r3@example.com', timezone: 'America/Denver' };
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT5S' }) })).body;
    await sendsFinished(h.client, c.workflowId, 'customer_recap');
    const pending = async () => (await h.client.workflow.getHandle(c.workflowId).describe()).raw.pendingActivities?.length ?? 1;
    await eventually(async () => ((await pending()) === 0 ? true : undefined));
    await proxy?.stop();
    try {
      await h.twilio.waitForMessage((m) => m.to === '+14155550199' && m.body.includes('Replay Three'), 20_000);
      await sendsFinished(h.client, c.workflowId, 'supervisor_alert');
    } finally {
      await proxy?.start();
    }
    await h.twilio.waitForMessage((m) => m.to === customer.phone && m.body.includes('now owns'), 60_000);
    const view = async () => (await h.api('GET', `/v1/commitments/${c.id}`, { key: SUPERVISOR_KEY })).body;
    const timeline = async () => (await view()).timeline as { type: string }[] | undefined;
    await eventually(async () => ((await timeline())?.some((e) => e.type === 'supervisor_alerted') ? true : undefined), 60_000);
    await h.api('POST', `/v1/commitments/${c.id}/acknowledge`, { key: SUPERVISOR_KEY, body: { dueIn: 'PT1H' } });
    const cancel = { reason: 'handled by phone', notifyCustomer: false };
    await h.api('POST', `/v1/commitments/${c.id}/cancel`, { key: SUPERVISOR_KEY, body: cancel });
    return c.workflowId;
  },
  async 'consent-kept-while-postgres-down'(h) {
    // An unsure opt-out while Postgres is away: the number's consent workflow (not a commitment's)
    // keeps it, records it once Postgres is back, tells the open commitment and hands the words to its owner.
    const customer = { name: 'Replay Four', phone: '+14155550604', email: 'r4@example.com', timezone: 'America/Chicago' };
    const c = (await h.api('POST', '/v1/commitments', { body: commitmentBody({ customer, dueIn: 'PT2H' }) })).body;
    await sendsFinished(h.client, c.workflowId, 'customer_recap');
    await proxy?.stop();
    try {
      expect((await h.sms(customer.phone, 'Stop texting me, I already paid')).status).toBe(200);
    } finally {
      await proxy?.start();
    }
    const timeline = async () => (await h.api('GET', `/v1/commitments/${c.id}`)).body.timeline as { type: string }[];
    const optedOut = async () => (await timeline()).some((e) => e.type === 'sms_opted_out');
    await eventually(async () => ((await optedOut()) ? true : undefined), 60_000);
    return `sms-consent-${customer.phone}`;
  },
};

describe('replaying recorded histories', () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    if (!RECORD) return;
    const postgres = new URL(inject('databaseUrl'));
    const through = await startTcpProxy({ host: postgres.hostname, port: Number(postgres.port) });
    proxy = through;
    h = await startHarness({ databaseUrl: (url) => viaProxy(url, through) });
    fs.mkdirSync(DIR, { recursive: true });
    for (const [name, run] of Object.entries(scenarios)) {
      const history = await completed(h, await run(h));
      fs.writeFileSync(path.join(DIR, `${name}.${RECORD}.json`), `${toJson(history)}\n`);
    }
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  // With the payload codec the workers run with: recordings made before encryption pass through it untouched.
  it('replays every recorded history against the current workflow code without non-determinism', async () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(scenarios).length);
    const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: fromJson(fs.readFileSync(path.join(DIR, f), 'utf8')) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), replayName: 'followthrough-replay', dataConverter: testDataConverter() },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  /** Each accepted update's name and first argument, decrypted. */
  async function updatesOf(history: temporal.api.history.v1.IHistory): Promise<{ name: string; arg: any }[]> {
    const codecs = [...(testDataConverter()?.payloadCodecs ?? [])].reverse();
    const out: { name: string; arg: any }[] = [];
    for (const e of history.events ?? []) {
      const input = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
      let payloads = input?.args?.payloads ?? [];
      for (const codec of codecs) payloads = await codec.decode(payloads);
      if (input?.name) out.push({ name: input.name, arg: JSON.parse(Buffer.from(payloads[0]?.data ?? new Uint8Array()).toString('utf8')) });
    }
    return out;
  }

  it('replays a commitment started before the authority table by the rules it ran under: its former owner fulfilled it, and that stands', async () => {
    const file = 'extend-pause-fulfil-reopen-cancel.v2.json';
    const history = fromJson(fs.readFileSync(path.join(DIR, file), 'utf8'));
    const updates = await updatesOf(history);
    const handedOn = updates.findIndex((u) => u.name === 'reassign');
    // Dana handed it to Lee, then fulfilled it herself: today the table refuses her (test/api/authority.test.ts).
    expect(updates[handedOn]?.arg).toMatchObject({ actor: { id: 'agent-dana' }, owner: { id: 'agent-lee' } });
    expect(updates.slice(handedOn).find((u) => u.name === 'fulfil')?.arg).toMatchObject({ actor: { id: 'agent-dana' } });
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), replayName: 'followthrough-replay', dataConverter: testDataConverter() },
      [{ workflowId: file, history }],
    )) {
      if (result.error) failures.push(result.error.message);
    }
    expect(failures).toEqual([]);
  });
});
