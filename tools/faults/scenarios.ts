/**
 * The faults, as the table lists them (issue 9). Each says what it does in a sentence for
 * docs/reliability.md and reports what it actually did (times, downtimes) for the results.
 */
import type { FaultContext, Scenario } from './scenario';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const since = (ctx: FaultContext) => {
  const s = (Date.now() - ctx.deadline) / 1000;
  return `${s < 0 ? '−' : '+'}${Math.abs(s).toFixed(1)} s`;
};
/** Faults that must meet the very first send start this long before the deadline. */
const BEFORE_FIRST_SEND_MS = 1_000;
/** Postgres goes down shortly before the deadline (stopping it takes a moment) and stays down across it. */
const POSTGRES_DOWN_BEFORE_MS = 3_000;
const POSTGRES_DOWN_MS = 30_000;
/** The event receiver answers 503 this long, from just before the deadline. */
const RECEIVER_DOWN_MS = 60_000;

/** Kills the worker with SIGKILL as soon as sends are in flight, restarts it, and again, `times` times. */
async function killWorkerDuringBurst(ctx: FaultContext, times: number): Promise<string> {
  const at: string[] = [];
  for (let k = 0; k < times; k++) {
    await ctx.nextAlert();
    at.push(since(ctx));
    await ctx.stack.worker.kill();
    await ctx.stack.worker.start();
  }
  return `worker SIGKILLed at ${at.join(', ')} after the deadline, each time restarted at once`;
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'none',
    label: 'none',
    explain: 'No fault: the baseline. Every message should arrive exactly once.',
  },
  {
    id: 'temporal-restart',
    label: 'Temporal server restarted (down ~20 s)',
    explain:
      'Once the first alert has arrived, the Temporal dev server is stopped (SIGTERM), kept down for 20 s and started again on the same SQLite file and port, so it keeps its workflows.',
    async burst(ctx) {
      await ctx.nextAlert();
      const at = since(ctx);
      const downMs = await ctx.stack.restartTemporal(20_000);
      return `Temporal stopped at ${at}, serving again after ${(downMs / 1000).toFixed(1)} s`;
    },
  },
  {
    id: 'postgres-down',
    label: 'app Postgres down 30 s, from 3 s before the deadline',
    explain:
      "From 3 s before the deadline, the app's Postgres is stopped for 30 s and started again on the same data directory and " +
      'port: the deadline passes, and the alerts are due, while it is down.',
    startsBeforeDeadlineMs: POSTGRES_DOWN_BEFORE_MS,
    async burst(ctx) {
      const asked = Date.now();
      const at = since(ctx);
      await ctx.stack.stopPostgres();
      // Down from the moment it was asked to stop: its sessions end and new ones are refused.
      ctx.outage = { from: asked };
      await sleep(POSTGRES_DOWN_MS - (Date.now() - asked));
      await ctx.stack.startPostgres();
      ctx.outage = { from: asked, to: Date.now() };
      return `Postgres stopped at ${at}, started again at ${since(ctx)}`;
    },
  },
  {
    id: 'provider-errors',
    label: 'Twilio 503 then 429, SMTP 451, for about 60 s',
    explain:
      'From just before the deadline: Twilio answers every create 503 for 30 s, then 429 for 30 s (both with `Retry-After: 5`); the SMTP server refuses every mail with 451 for 60 s.',
    startsBeforeDeadlineMs: BEFORE_FIRST_SEND_MS,
    async burst(ctx) {
      const { sink } = ctx.stack;
      await sink.twilio({ fault: { kind: 'fail', failure: { status: 503, retryAfterS: 5 } }, when: { forMs: 30_000 } });
      await sink.smtp({
        fault: { kind: 'reject', rejection: { code: 451, message: '4.3.0 Mailbox temporarily unavailable, try again later' } },
        when: { forMs: 60_000 },
      });
      await sleep(30_000);
      await sink.twilio({ fault: { kind: 'fail', failure: { status: 429, retryAfterS: 5 } }, when: { forMs: 30_000 } });
      await sleep(30_000);
      return 'Twilio 503 from -1 s to +29 s and 429 to +59 s (Retry-After: 5); SMTP 451 from -1 s to +59 s';
    },
  },
  {
    id: 'worker-sigkill',
    label: 'worker SIGKILLed 3 times during the alert burst',
    explain:
      'Whenever the sink has just accepted a supervisor alert (so alerts are in flight), the worker process is killed with SIGKILL and started again at once; three times.',
    burst: (ctx) => killWorkerDuringBurst(ctx, 3),
  },
  {
    id: 'brownout',
    label: '20 s provider brownout (Twilio holds 12 s then 503; SMTP accepts the data, then drops the connection)',
    explain:
      'From just before the deadline, for 20 s: Twilio holds each create 12 s and then answers 503 (the SDK gives up after 10 s, so the sender cannot know the outcome; nothing was sent), and the SMTP server takes each mail in full, then drops the connection before its 250 reply (the mail was delivered; the sender cannot know).',
    startsBeforeDeadlineMs: BEFORE_FIRST_SEND_MS,
    async burst(ctx) {
      const { sink } = ctx.stack;
      await sink.twilio({ fault: { kind: 'hold', ms: 12_000, then: { status: 503 } }, when: { forMs: 20_000 } });
      await sink.smtp({ fault: { kind: 'drop' }, when: { forMs: 20_000 } });
      await sleep(20_000);
      return 'Twilio held 12 s then 503, SMTP dropped after DATA, from -1 s to +19 s';
    },
  },
  {
    id: 'api-killed-creates',
    label: 'API killed 3 times during idempotent creates',
    explain:
      'While the commitments are being created, the API process is killed with SIGKILL three times (after a quarter, half and three quarters of the creates were answered) and restarted. The client retries each create with the same `Idempotency-Key` until it is answered 201.',
    async creates(ctx) {
      const at: string[] = [];
      for (const share of [0.25, 0.5, 0.75]) {
        while (ctx.createsDone() < Math.max(1, Math.floor(ctx.n * share))) await sleep(20);
        at.push(`${ctx.createsDone()}/${ctx.n}`);
        await ctx.stack.api.kill();
        await ctx.stack.api.start();
      }
      return `API SIGKILLed with ${at.join(', ')} creates answered, each time restarted at once`;
    },
  },
  {
    id: 'event-receiver-down',
    label: 'event receiver down 60 s during the burst (503), then back',
    explain:
      'Before the creates, a receiver in the suite’s process (tools/testkit/event-receiver.ts, verifying every request with the `standardwebhooks` package) is subscribed as an admin to `followthrough.commitment.created`, `lapsed` and `escalated`. From just before the deadline it answers every delivery 503 for 60 s, then 2xx again. Every lapsed and escalated commitment’s event must arrive, in order per commitment; duplicates (one webhook-id more than once) are counted, and the time from the receiver’s recovery to the last event.',
    startsBeforeDeadlineMs: BEFORE_FIRST_SEND_MS,
    events: { outageMs: RECEIVER_DOWN_MS },
    async burst(ctx) {
      const probe = ctx.events;
      if (!probe) throw new Error('the event receiver was not set up');
      const from = Date.now();
      const at = since(ctx);
      probe.outage = { from, requestsBefore: probe.receiver.requests };
      probe.receiver.answer = { kind: 'status', status: 503, body: 'receiver down for the fault suite' };
      await sleep(RECEIVER_DOWN_MS - (Date.now() - from));
      probe.receiver.answer = { kind: 'ok' };
      const requestsAfter = probe.receiver.requests;
      probe.outage = { ...probe.outage, to: Date.now(), requestsAfter };
      const answered = requestsAfter - probe.outage.requestsBefore;
      return `event receiver answered 503 from ${at} to ${since(ctx)} (${answered} deliveries refused), then 204`;
    },
  },
];

/** `--quick`: the fault that loses alerts today, on a few commitments. */
export const QUICK_SCENARIO = 'worker-sigkill';
