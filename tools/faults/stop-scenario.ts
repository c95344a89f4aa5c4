/**
 * A customer texts STOP while the app's Postgres is down (Twilio posts the signed webhook once; it
 * does not retry a 5xx), and after Postgres is back the owner extends that customer's commitment.
 * Was the customer texted anyway? The Twilio fake does not block the number itself, so this
 * measures whether Followthrough honours the STOP (short codes and some senders rely on that).
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { runLoad } from '../bench/load';
import { loadMeter, type MachineLoad } from './machine-load';
import { countMessages, EXTENSION, type MessageCount } from './count';
import { cohort, commitmentBody, createCohort, seedCohort, waitForRecaps, type CreateStats } from './population';
import { waitQuiet } from './quiet';
import { exitsSince } from './scenario';
import { readRecorded } from './readback';
import { TWILIO_FROM, type FaultStack } from './stack';

export const STOP_SCENARIO = {
  id: 'stop-while-postgres-down',
  label: 'STOP texted while the app Postgres is down, then an extension',
  explain:
    "With the commitments open, the app's Postgres is stopped; each customer texts STOP (the signed inbound webhook, posted once, as Twilio does); 30 s after the stop Postgres is started again, and each commitment is extended. The Twilio fake does not block the numbers itself, so what counts is whether Followthrough honours the STOPs.",
};

export interface StopResult {
  id: string;
  label: string;
  n: number;
  fault: string[];
  creates: CreateStats;
  /** How the webhook answered the STOPs, counted by status (or network error). */
  stopAnswers: Record<string, number>;
  /** Numbers in sms_opt_outs, and timelines that say the customer opted out. */
  optOutsRecorded: number;
  optedOutInTimeline: number;
  extendAnswers: Record<string, number>;
  /** Customers who got any text after their STOP: what must be 0. */
  textedAfterStop: number;
  /** The extension notice, by channel: after a STOP it should come by email only. */
  extension: MessageCount;
  quiet: boolean;
  settledAfterS: number;
  unexpectedExits: Record<string, number>;
  load: MachineLoad;
}

const PATIENCE_MS = 60_000;
const count = (acc: Record<string, number>, what: string) => void (acc[what] = (acc[what] ?? 0) + 1);

/** POSTs until answered 2xx (or patience runs out); notes each answer. */
async function untilOk(stack: FaultStack, path: string, headers: Record<string, string>, body: string, answers: Record<string, number>): Promise<void> {
  const giveUpAt = Date.now() + PATIENCE_MS;
  for (;;) {
    try {
      const res = await stack.http.request('POST', path, headers, body);
      count(answers, `HTTP ${res.status}`);
      if (res.status < 300) return;
      if (res.status < 500) throw new Error(`${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(path)) throw err;
      count(answers, (err as { code?: string }).code ?? String(err));
    }
    if (Date.now() > giveUpAt) throw new Error(`${path}: no 2xx within ${PATIENCE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function runStopScenario(
  stack: FaultStack,
  index: number,
  n: number,
  opts: { runId: string; quietTimeoutMs: number; log: (line: string) => void },
): Promise<StopResult> {
  const { log } = opts;
  const c = cohort(index, n, opts.runId);
  const keys = await seedCohort(stack, c);
  log(`▶ ${STOP_SCENARIO.label}: creating ${n} commitments due in an hour…`);
  const before = await stack.sink.count();
  const exitsBefore = stack.exits();
  const meter = loadMeter();
  const { ids, ...created } = await createCohort(stack, c, keys, (i) => commitmentBody(c, i, 'PT1H'));
  await waitForRecaps(stack, before, created.created, Date.now() + 60_000);

  const stoppedAt = Date.now();
  await stack.stopPostgres();
  const stopAnswers: Record<string, number> = {};
  const url = `${stack.apiUrl}/v1/webhooks/twilio/sms`;
  await runLoad(n, 8, async (i) => {
    const params = {
      From: c.customer(i).phone,
      To: TWILIO_FROM,
      Body: 'STOP',
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: stack.accountSid,
      ApiVersion: '2010-04-01',
      NumMedia: '0',
    };
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.authToken, url, params),
    };
    try {
      count(stopAnswers, `HTTP ${(await stack.http.request('POST', '/v1/webhooks/twilio/sms', headers, new URLSearchParams(params).toString())).status}`);
    } catch (err) {
      count(stopAnswers, (err as { code?: string }).code ?? String(err));
    }
  });
  const stopsDoneS = ((Date.now() - stoppedAt) / 1000).toFixed(1);
  await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + 30_000 - Date.now())));
  await stack.startPostgres();
  const downS = ((Date.now() - stoppedAt) / 1000).toFixed(1);
  log(`  ${n} STOPs posted within ${stopsDoneS} s of Postgres stopping: ${JSON.stringify(stopAnswers)}; Postgres back after ${downS} s`);

  const extendAnswers: Record<string, number> = {};
  const extendBody = JSON.stringify({ dueIn: 'PT2H', reason: 'the part arrives tomorrow' });
  // Each owner extends their own commitment. A retry after a 503 carries the first attempt's
  // Idempotency-Key, as the API asks: an extension applied late must not be applied twice (a third
  // extension escalates).
  const owner = (i: number) => ({ authorization: `Bearer ${keys[i] ?? ''}`, 'idempotency-key': `${c.idempotencyKey(i)}-extend` });
  await runLoad(n, 8, (i) => (ids[i] ? untilOk(stack, `/v1/commitments/${ids[i]}/extend`, owner(i), extendBody, extendAnswers) : Promise.resolve()));
  const known = ids.filter((id): id is string => Boolean(id));
  const quiet = await waitQuiet(stack, known, 'open', opts.quietTimeoutMs, log);

  const received = await stack.sink.received(stoppedAt);
  const recorded = await readRecorded(stack, ids, [EXTENSION.purpose]);
  const phones = Array.from({ length: n }, (_, i) => c.customer(i).phone);
  const { rows } = await stack.db.query<{ n: string }>('SELECT count(*)::text AS n FROM sms_opt_outs WHERE phone = ANY($1)', [phones]);
  return {
    id: STOP_SCENARIO.id,
    label: STOP_SCENARIO.label,
    n,
    fault: [`Postgres down for ${downS} s; the STOPs were posted in its first ${stopsDoneS} s`],
    creates: created,
    stopAnswers,
    optOutsRecorded: Number(rows[0]?.n ?? 0),
    optedOutInTimeline: known.filter((id) => recorded.timelines.get(id)?.has('sms_opted_out')).length,
    extendAnswers,
    textedAfterStop: new Set(received.sms.filter((m) => phones.includes(m.to)).map((m) => m.to)).size,
    extension: countMessages(EXTENSION, c, ids, received, recorded, stoppedAt),
    quiet: quiet.quiet,
    settledAfterS: Math.round((quiet.at - stoppedAt) / 1000),
    unexpectedExits: exitsSince(stack, exitsBefore),
    load: meter(),
  };
}
