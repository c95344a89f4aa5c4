/**
 * What event subscriptions cost a lapse storm: the storm of scenarios/storm.ts on the same stack
 * with no subscription and with two (by default 0, 2, 2, 0), each a receiver in the benchmark's process
 * (tools/testkit/event-receiver.ts, verifying every request with `standardwebhooks`) wanting
 * created, lapsed and escalated. Per lapse that is two events for each receiver, and the created
 * ones (two per commitment) before the deadline.
 *
 * The delivery pump (src/events/pump.ts) runs through both storms, as it does under every worker in
 * production; the benchmark's worker does not set up the namespace, so this phase starts it and
 * terminates it afterwards, leaving the other phases as they were. The pump is one activity that
 * never ends, so "the worker is idle" discounts it, and counts any pending delivery as work: a
 * storm has drained once its events are delivered too, and its CPU is counted until then.
 */
import { ensureEventPump } from '../../../src/events/pump-start';
import { eventDeliveryWorkflowId } from '../../../src/shared/contract/event-delivery';
import { startEventReceiver, type EventReceiver } from '../../testkit/event-receiver';
import { seedAdmin } from '../directory';
import { TASK_QUEUE, type Stack, type WorkerStatusLite } from '../stack';
import { distribution, roundDistribution, type Distribution } from '../stats';
import { waitIdle } from './commitments';
import { runStorm, type StormOptions, type StormResult } from './storm';

export const EVENT_TYPES = ['created', 'lapsed', 'escalated'].map((t) => `followthrough.commitment.${t}`);
/** temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED: running on a worker. */
const ACTIVITY_STARTED = 2;

export interface ReceiverCount {
  /** Distinct events received, by type (less the prefix). */
  byType: Record<string, number>;
  /** Events that arrived more than once (same webhook-id), and requests that did not verify. */
  duplicated: number;
  refused: number;
}

export interface EventsStorm {
  subscriptions: number;
  storm: StormResult;
  /** Per receiver, what arrived during this storm (creates included). */
  receivers?: ReceiverCount[];
  /** Deadline → each lapsed event's first copy, over both receivers. */
  lapsedEventLagMs?: Distribution;
  /** Deadline → the last event of the storm at any receiver. */
  lastEventMs?: number;
  /** The pump's attempts during the storm, by answer. */
  attempts?: Record<string, number>;
}

export interface EventsCostResult {
  n: number;
  storms: EventsStorm[];
}

/** The worker's status without the pump's activity, and busy while any delivery is pending. */
function pumpAwareStatus(stack: Stack): () => Promise<WorkerStatusLite> {
  const handle = stack.client.workflow.getHandle(eventDeliveryWorkflowId(TASK_QUEUE));
  let pump = { at: 0, running: 0 };
  let pending = { at: 0, n: 0 };
  return async () => {
    const s = await stack.workerStatus();
    const now = Date.now();
    if (now - pump.at > 1_000) {
      const { raw } = await handle.describe();
      pump = { at: now, running: (raw.pendingActivities ?? []).filter((a) => Number(a.state) === ACTIVITY_STARTED).length };
    }
    if (now - pending.at > 250) {
      const { rows } = await stack.db.query<{ n: string }>("SELECT count(*)::text AS n FROM event_deliveries WHERE state = 'pending'");
      pending = { at: now, n: Number(rows[0]?.n ?? 0) };
    }
    return { ...s, numInFlightActivities: Math.max(0, s.numInFlightActivities - pump.running) + (pending.n > 0 ? 1 : 0) };
  };
}

function countReceiver(r: EventReceiver, from: number): ReceiverCount {
  const seen = new Map<string, { type: string; copies: number }>();
  for (const item of r.received.items) {
    if (item.receivedAt < from) continue;
    const e = seen.get(item.webhookId);
    if (e) e.copies += 1;
    else seen.set(item.webhookId, { type: item.event.type.replace('followthrough.commitment.', ''), copies: 1 });
  }
  const byType: Record<string, number> = {};
  for (const e of seen.values()) byType[e.type] = (byType[e.type] ?? 0) + 1;
  return { byType, duplicated: [...seen.values()].filter((e) => e.copies > 1).length, refused: r.refused.length };
}

async function attemptsSince(stack: Stack, since: Date): Promise<Record<string, number>> {
  const { rows } = await stack.db.query<{ answer: string; n: string }>(
    `SELECT coalesce('HTTP ' || status, error, 'unknown') AS answer, count(*)::text AS n FROM event_delivery_attempts WHERE at >= $1 GROUP BY 1`,
    [since],
  );
  return Object.fromEntries(rows.map((r) => [r.answer, Number(r.n)]));
}

/** A receiver in this process and the subscription that sends to it. */
interface Subscribed {
  receiver: EventReceiver;
  id: string;
}

/**
 * The storms, one per entry of `pattern` (how many subscriptions it runs with): 0,2,2,0 by default,
 * so a drift of the machine or of the open commitments over the run weighs on both alike.
 */
export async function runEventsCost(
  stack: Stack,
  opts: Omit<StormOptions, 'floor' | 'status'> & { pattern: number[] },
  log: (line: string) => void,
): Promise<EventsCostResult> {
  const adminKey = await seedAdmin(stack.db, { id: 'bench-events-admin', name: 'Events Admin', email: 'events-admin@bench.example' });
  const admin = { authorization: `Bearer ${adminKey}` };
  await ensureEventPump(stack.client, TASK_QUEUE);
  const status = pumpAwareStatus(stack);
  const storms: EventsStorm[] = [];
  const active: Subscribed[] = [];
  let made = 0;
  const subscribe = async () => {
    const receiver = await startEventReceiver({ path: `/hooks/bench-${made++}` });
    const res = await stack.http.request(
      'POST',
      '/v1/event-subscriptions',
      admin,
      JSON.stringify({ url: receiver.url, types: EVENT_TYPES, description: `benchmark receiver ${made}` }),
    );
    if (res.status !== 201) {
      await receiver.close();
      throw new Error(`POST /v1/event-subscriptions answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    const sub = JSON.parse(res.body) as { id: string; secret: string };
    receiver.secrets = [sub.secret];
    active.push({ receiver, id: sub.id });
  };
  const unsubscribe = async () => {
    const last = active.pop();
    if (!last) return;
    await stack.http.request('DELETE', `/v1/event-subscriptions/${last.id}`, admin).catch(() => undefined);
    await last.receiver.close();
  };
  try {
    for (const [k, want] of opts.pattern.entries()) {
      while (active.length < want) await subscribe();
      while (active.length > want) await unsubscribe();
      log(
        `events: storm ${k + 1}/${opts.pattern.length}, ${opts.n} lapses, ${want} subscriptions${want ? ` (${EVENT_TYPES.join(', ')})` : ''}, the pump running…`,
      );
      const from = Date.now();
      const storm = await runStorm(stack, { ...opts, floor: false, status }, log);
      if (!want) {
        storms.push({ subscriptions: 0, storm });
        continue;
      }
      const deadline = Date.parse(storm.deadline);
      const lapsed: number[] = [];
      let last = 0;
      for (const { receiver } of active) {
        const firsts = new Map<string, { type: string; at: number }>();
        for (const item of receiver.received.items)
          if (item.receivedAt >= from && !firsts.has(item.webhookId)) firsts.set(item.webhookId, { type: item.event.type, at: item.receivedAt });
        for (const e of firsts.values()) {
          if (e.type.endsWith('.lapsed')) lapsed.push(e.at - deadline);
          last = Math.max(last, e.at);
        }
      }
      const counted = active.map(({ receiver }) => countReceiver(receiver, from));
      log(`events: ${counted.map((c, i) => `receiver ${i}: ${JSON.stringify(c.byType)}, ${c.duplicated} duplicated, ${c.refused} refused`).join('; ')}`);
      storms.push({
        subscriptions: want,
        storm,
        receivers: counted,
        ...(lapsed.length ? { lapsedEventLagMs: roundDistribution(distribution(lapsed), 0) } : {}),
        ...(last ? { lastEventMs: last - deadline } : {}),
        attempts: await attemptsSince(stack, new Date(from)),
      });
    }
  } finally {
    while (active.length) await unsubscribe();
    // The other phases ran without a pump before this one existed: leave them so.
    await stack.client.workflow
      .getHandle(eventDeliveryWorkflowId(TASK_QUEUE))
      .terminate('the benchmark’s events phase is over')
      .catch(() => undefined);
    await waitIdle(() => stack.workerStatus(), { timeoutMs: 60_000 });
  }
  return { n: opts.n, storms };
}
