/**
 * Events out under a fault: a receiver (tools/testkit/event-receiver.ts, verifying every request
 * with the `standardwebhooks` package) runs in the suite's own process and is subscribed, through
 * the API as an admin, to the cohort's events. After the fault it is counted like the messages:
 * every event the timelines say happened must have arrived (received / lost / duplicated by
 * `webhook-id`), in order per commitment, and the delivery log is read back, so an event the pump
 * recorded as delivered that never arrived shows up.
 */
import { distribution, round } from '../bench/stats';
import { startEventReceiver, type EventReceiver } from '../testkit/event-receiver';
import type { FaultStack } from './stack';

/** The Standard Webhooks schedule the pump uses by default (src/events/pump.ts, RETRY_SCHEDULE_MS), for the report. */
export const REAL_RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];

/**
 * `--quick`'s schedule: the real one's shape (nine retries) in seconds, 201 s in all, so a 60 s
 * outage neither uses it up nor leaves a delivery waiting five minutes for its third attempt.
 */
export const QUICK_RETRY_SCHEDULE_MS = [1_000, 5_000, 15_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000];

/** The event types the receiver asks for, less `followthrough.commitment.`; each must arrive once per timeline entry. */
export const EVENT_KINDS = ['created', 'lapsed', 'escalated'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
const PREFIX = 'followthrough.commitment.';

export interface EventTypeCount {
  /** Timeline entries of this type among the cohort's commitments: the events owed. */
  expected: number;
  received: number;
  lost: number;
  /** Events that arrived more than once (same webhook-id), and the copies beyond the first. */
  duplicated: number;
  extraCopies: number;
  /** Lost, by where the delivery log left them: never owed (no event or delivery row), pending, failed, or delivered (recorded as delivered, never verified). */
  lostBy: Record<string, number>;
  /** Seconds from the deadline to the first copy: median and slowest (created: from when the creates began). */
  lagS?: { p50: number; max: number };
}

export interface EventsResult {
  types: string[];
  /** The pump's retry schedule in this run (ms after each failed attempt). */
  retryScheduleMs: number[];
  /** Whether `retryScheduleMs` is the real one, or compressed for the run. */
  realSchedule: boolean;
  /** When the receiver answered 503, seconds from the deadline. */
  down?: { fromS: number; toS: number };
  byType: Record<EventKind, EventTypeCount>;
  /** Commitments one of whose events first arrived before an earlier one of the same commitment. */
  outOfOrder: number;
  /** Events delivered and the last lapsed or escalated one's arrival, seconds after the receiver was back. */
  recoveryToLastS?: number;
  /** Deadline → the last lapsed or escalated event's first copy. */
  lastAfterS?: number;
  /** The delivery log was settled (nothing pending) when the counting stopped. */
  settled: boolean;
  /** Deliveries of the subscription by state when counted. */
  deliveries: Record<string, number>;
  /** Attempts the pump logged, by answer ("HTTP 503", "HTTP 204", an error). */
  attempts: Record<string, number>;
  /** Requests the receiver got in all, and how many it answered 503 while down. */
  requests: number;
  answeredDown: number;
  /** Requests that did not verify (signature, timestamp, body): must be 0. */
  refused: number;
  /** Verified events of other commitments or types (none expected). */
  unexpected: number;
}

export interface EventProbe {
  receiver: EventReceiver;
  subscriptionId: string;
  /** Set by the fault: when the receiver went down and came back (ms epoch). */
  outage?: { from: number; to?: number; requestsBefore: number; requestsAfter?: number };
  /** Waits (until `until`, ms epoch) for the created events of these commitments, so the fault meets the lapse alone. */
  waitForCreated(ids: (string | undefined)[], until: number): Promise<void>;
  /** After quiet: waits until everything owed arrived and nothing is pending (or `timeoutMs` passed), then counts. */
  count(ids: (string | undefined)[], deadline: number, timeoutMs: number, log: (line: string) => void): Promise<EventsResult>;
  /** Deletes the subscription (its deliveries go with it) and closes the receiver. */
  close(): Promise<void>;
}

/** How long a delivery first tried at the outage's start waits until an attempt after it: where its schedule first passes the outage. */
export function reachMs(scheduleMs: readonly number[], outageMs: number): number {
  let at = 0;
  for (const step of scheduleMs) {
    at += step;
    if (at >= outageMs) return at;
  }
  return at;
}

const sameSchedule = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function subscribeReceiver(stack: FaultStack, retryScheduleMs: number[] | undefined): Promise<EventProbe> {
  const receiver = await startEventReceiver();
  const types = EVENT_KINDS.map((t) => `${PREFIX}${t}`);
  const admin = { authorization: `Bearer ${stack.adminKey}` };
  const res = await stack.http.request(
    'POST',
    '/v1/event-subscriptions',
    admin,
    JSON.stringify({ url: receiver.url, types, description: 'fault suite receiver' }),
  );
  if (res.status !== 201) {
    await receiver.close();
    throw new Error(`POST /v1/event-subscriptions answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  const sub = JSON.parse(res.body) as { id: string; secret: string };
  receiver.secrets = [sub.secret];
  const schedule = retryScheduleMs ?? REAL_RETRY_SCHEDULE_MS;

  /** The cohort's timeline entries of the wanted types: the events owed, by event id (`<commitment>:<seq>`). */
  async function owed(ids: string[]) {
    const { rows } = await stack.db.query<{ event_id: string; commitment_id: string; seq: number; type: EventKind; at: Date }>(
      'SELECT event_id, commitment_id, seq, type, at FROM commitment_events WHERE commitment_id = ANY($1) AND type = ANY($2)',
      [ids, [...EVENT_KINDS]],
    );
    return rows;
  }
  async function pending(): Promise<number> {
    const { rows } = await stack.db.query<{ n: string }>("SELECT count(*)::text AS n FROM event_deliveries WHERE subscription_id = $1 AND state = 'pending'", [
      sub.id,
    ]);
    return Number(rows[0]?.n ?? 0);
  }
  const arrivedIds = () => new Set(receiver.received.items.map((r) => r.webhookId));

  const probe: EventProbe = {
    receiver,
    subscriptionId: sub.id,
    async waitForCreated(ids, until) {
      const known = ids.filter((id): id is string => Boolean(id));
      while (Date.now() < until) {
        const got = new Set(receiver.received.items.filter((r) => r.event.type === `${PREFIX}created`).map((r) => r.event.subject));
        if (known.every((id) => got.has(id))) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async count(ids, deadline, timeoutMs, log) {
      const known = ids.filter((id): id is string => Boolean(id));
      const giveUpAt = Date.now() + timeoutMs;
      let lastReport = Date.now();
      let settled = false;
      for (;;) {
        const due = await owed(known).catch(() => undefined);
        const left = due ? due.filter((e) => !arrivedIds().has(e.event_id)).length : undefined;
        const waiting = await pending().catch(() => undefined);
        if (left === 0 && waiting === 0) {
          settled = true;
          break;
        }
        if (Date.now() > giveUpAt) {
          settled = waiting === 0;
          log(
            `  ! events: ${left ?? '?'} not arrived, ${waiting ?? '?'} deliveries pending after ${Math.round(timeoutMs / 1000)} s; the missing count as lost`,
          );
          break;
        }
        if (Date.now() - lastReport > 15_000) {
          log(`  waiting for events: ${left ?? '?'} not arrived yet, ${waiting ?? '?'} deliveries pending`);
          lastReport = Date.now();
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
      // A copy sent twice by a pump whose lease ran out arrives within moments of the first; catch it.
      await new Promise((r) => setTimeout(r, 2_000));

      const due = await owed(known);
      const { rows: log_ } = await stack.db.query<{ event_id: string; state: string }>(
        'SELECT event_id, state FROM event_deliveries WHERE subscription_id = $1',
        [sub.id],
      );
      const stateOf = new Map(log_.map((r) => [r.event_id, r.state]));
      const deliveries: Record<string, number> = {};
      for (const r of log_) deliveries[r.state] = (deliveries[r.state] ?? 0) + 1;
      const { rows: tries } = await stack.db.query<{ answer: string; n: string }>(
        `SELECT coalesce('HTTP ' || a.status, a.error, 'unknown') AS answer, count(*)::text AS n
         FROM event_delivery_attempts a JOIN event_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = $1 GROUP BY 1`,
        [sub.id],
      );
      const attempts = Object.fromEntries(tries.map((t) => [t.answer, Number(t.n)]));

      const copies = new Map<string, number[]>();
      for (const r of receiver.received.items) copies.set(r.webhookId, [...(copies.get(r.webhookId) ?? []), r.receivedAt]);
      const owedIds = new Set(due.map((e) => e.event_id));
      const byType = Object.fromEntries(
        EVENT_KINDS.map((kind) => {
          const of = due.filter((e) => e.type === kind);
          const c: EventTypeCount = { expected: of.length, received: 0, lost: 0, duplicated: 0, extraCopies: 0, lostBy: {} };
          const lags: number[] = [];
          for (const e of of) {
            const got = copies.get(e.event_id) ?? [];
            if (!got.length) {
              c.lost += 1;
              const where = stateOf.get(e.event_id) ?? 'never owed';
              c.lostBy[where] = (c.lostBy[where] ?? 0) + 1;
              continue;
            }
            c.received += 1;
            lags.push((Math.min(...got) - (kind === 'created' ? e.at.getTime() : deadline)) / 1000);
            if (got.length > 1) {
              c.duplicated += 1;
              c.extraCopies += got.length - 1;
            }
          }
          if (lags.length) {
            const d = distribution(lags);
            c.lagS = { p50: round(d.p50), max: round(d.max) };
          }
          return [kind, c];
        }),
      ) as Record<EventKind, EventTypeCount>;

      // In order per commitment: the first copies' arrival follows the timeline's sequence.
      const byCommitment = new Map<string, { seq: number; first: number }[]>();
      for (const e of due) {
        const got = copies.get(e.event_id);
        if (got?.length) byCommitment.set(e.commitment_id, [...(byCommitment.get(e.commitment_id) ?? []), { seq: e.seq, first: Math.min(...got) }]);
      }
      let outOfOrder = 0;
      for (const events of byCommitment.values()) {
        const bySeq = [...events].sort((a, b) => a.seq - b.seq);
        if (bySeq.some((e, i) => i > 0 && e.first < (bySeq[i - 1] as { first: number }).first)) outOfOrder += 1;
      }

      const lapseArrivals = due.filter((e) => e.type !== 'created').flatMap((e) => (copies.get(e.event_id) ?? []).slice(0, 1));
      const last = lapseArrivals.length ? Math.max(...lapseArrivals) : undefined;
      const o = probe.outage;
      const seconds = (ms: number) => Math.round(ms / 100) / 10;
      return {
        types,
        retryScheduleMs: schedule,
        realSchedule: sameSchedule(schedule, REAL_RETRY_SCHEDULE_MS),
        ...(o ? { down: { fromS: seconds(o.from - deadline), toS: seconds((o.to ?? Date.now()) - deadline) } } : {}),
        byType,
        outOfOrder,
        ...(last !== undefined && o?.to ? { recoveryToLastS: seconds(last - o.to) } : {}),
        ...(last !== undefined ? { lastAfterS: seconds(last - deadline) } : {}),
        settled,
        deliveries,
        attempts,
        requests: receiver.requests,
        answeredDown: o?.requestsAfter !== undefined ? o.requestsAfter - o.requestsBefore : 0,
        refused: receiver.refused.length,
        unexpected: receiver.received.items.filter((r) => !owedIds.has(r.webhookId)).length,
      };
    },
    async close() {
      await stack.http.request('DELETE', `/v1/event-subscriptions/${sub.id}`, admin).catch(() => undefined);
      await receiver.close();
    },
  };
  return probe;
}

/** Events owed that never arrived (those the log records as delivered included): what fails the run. */
export const eventsLost = (e: EventsResult): number => EVENT_KINDS.reduce((sum, k) => sum + e.byType[k].lost, 0);
