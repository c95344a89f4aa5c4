/**
 * The delivery pump: one long-running activity, kept alive by eventDeliveryWorkflow
 * (src/workflows/event-delivery.ts), that sends what event_deliveries owes. Temporal restarts it on
 * another worker when this one dies (its heartbeat stops), and the deliveries it had claimed are
 * claimed again once their lease runs out: an event is never lost, and may arrive twice (same
 * `webhook-id`).
 *
 * - **Order**: only the earliest pending delivery of each (subscription, commitment) is ever
 *   claimed, so a later event of a commitment waits while an earlier one is retrying.
 * - **Fairness**: each claim takes every (subscription, team)'s first due delivery before anyone's
 *   second, and a subscription has at most PER_SUBSCRIPTION in flight: a busy team's backlog, or
 *   a slow receiver, never holds another's events back.
 * - **Retries** follow the Standard Webhooks schedule (RETRY_SCHEDULE_MS), a 429 or 503's
 *   Retry-After when it asks for longer; a delivery that used the whole schedule is `failed`. A
 *   410 turns the subscription off at once; one failing for FAILING_DISABLE_AFTER_MS in a row is
 *   turned off and its creator emailed.
 *
 * Cost: no Temporal action per event. New events wake the pump by NOTIFY (src/db/commitments.ts);
 * it also looks every IDLE_POLL_MS, and when the next retry is due.
 */
import { Context } from '@temporalio/activity';
import { Client, type Pool } from 'pg';
import type { MailSender } from '../channels/types';
import { EVENTS_CHANNEL } from './channel';
import { postEvent, type PostAnswer, type ReceiverPolicy } from './receivers';
import { signedHeaders } from './signing';
import { cloudEvent, type StoredEvent } from './cloud-event';

/** After the first attempt (at once): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000];
export const FAILING_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** The longest Retry-After honoured: the schedule's longest step. */
const RETRY_AFTER_CAP_MS = 86_400_000;
const MAX_IN_FLIGHT = 32;
const PER_SUBSCRIPTION = 8;
const IDLE_POLL_MS = 5_000;
const BUSY_POLL_MS = 250;

/** What one run of the pump is given: the workflow's input, so tests compress the schedule. */
export interface PumpSettings {
  retryScheduleMs?: number[];
  failingDisableAfterMs?: number;
  timeoutMs?: number;
  /** How long one run lasts before the workflow continues as new (default 10 minutes). */
  runForMs?: number;
}

/** "5 days", as the email says it (tests compress it to seconds). */
const inWords = (ms: number): string =>
  ms >= 86_400_000 ? `${Math.round(ms / 86_400_000)} days` : ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} hours` : `${Math.round(ms / 1000)} seconds`;

export interface PumpDeps {
  db: Pool;
  mail: MailSender;
  receivers: ReceiverPolicy;
  log: (line: string) => void;
}

interface Claimed extends StoredEvent {
  delivery_id: string;
  subscription_id: string;
  attempts: number;
  schedule_start: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  include_contacts: boolean;
}

/**
 * The head of each queue: the earliest pending delivery of each (subscription, commitment) whose
 * subscription is on. Only heads are ever sent, so a later event waits behind a retrying one.
 */
const HEADS = `SELECT DISTINCT ON (d.subscription_id, d.queue) d.id, d.subscription_id, d.team_id, d.next_attempt_at, d.leased_until
  FROM event_deliveries d JOIN event_subscriptions s ON s.id = d.subscription_id AND s.enabled
  WHERE d.state = 'pending'
  ORDER BY d.subscription_id, d.queue, d.seq, d.id`;

/** Takes due heads of queues, fairly, and leases them for one attempt. */
async function claim(db: Pool, room: number, leaseMs: number): Promise<Claimed[]> {
  const { rows } = await db.query<Claimed>(
    `WITH heads AS (${HEADS}), busy AS (
       SELECT subscription_id, count(*) AS n FROM event_deliveries WHERE state = 'pending' AND leased_until > now() GROUP BY subscription_id
     ), due AS (
       SELECT h.id, h.subscription_id,
         row_number() OVER (PARTITION BY h.subscription_id, coalesce(h.team_id, '') ORDER BY h.next_attempt_at, h.id) AS turn,
         row_number() OVER (PARTITION BY h.subscription_id ORDER BY h.next_attempt_at, h.id) AS place
       FROM heads h
       WHERE h.next_attempt_at <= now() AND (h.leased_until IS NULL OR h.leased_until < now())
     ), picked AS (
       SELECT due.id FROM due LEFT JOIN busy USING (subscription_id)
       WHERE due.place + coalesce(busy.n, 0) <= $3
       ORDER BY due.turn, due.id LIMIT $1
     )
     UPDATE event_deliveries d SET leased_until = now() + $2 * interval '1 millisecond'
     FROM picked, outbound_events e, event_subscriptions s
     WHERE d.id = picked.id AND e.id = d.event_id AND s.id = d.subscription_id
       -- Checked again on the row as locked: two pumps claiming at once, only one takes it.
       AND d.state = 'pending' AND (d.leased_until IS NULL OR d.leased_until < now())
     RETURNING d.id AS delivery_id, d.subscription_id, d.attempts, d.schedule_start, e.id, e.commitment_id, e.type, e.time, e.data,
       s.url, s.secret, s.previous_secret, s.previous_secret_until, s.include_contacts`,
    [room, leaseMs, PER_SUBSCRIPTION],
  );
  return rows;
}

/** When the next head falls due (or its lease ends): one queued behind keeps its past insert time, and is not due until it leads. */
async function nextDue(db: Pool): Promise<number | undefined> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(greatest(h.next_attempt_at, coalesce(h.leased_until, h.next_attempt_at))) AS at FROM (${HEADS}) h`,
  );
  return rows[0]?.at ? rows[0].at.getTime() : undefined;
}

export function createPump(deps: PumpDeps) {
  async function settle(row: Claimed, answer: PostAnswer, settings: Required<PumpSettings>): Promise<void> {
    const attempt = row.attempts + 1;
    const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
    const error =
      answer.error ??
      (ok
        ? null
        : answer.status !== undefined && answer.status >= 300 && answer.status < 400
          ? `redirect ${answer.status} not followed`
          : `HTTP ${answer.status}`);
    await deps.db.query(
      `INSERT INTO event_delivery_attempts (delivery_id, attempt, at, status, error, duration_ms, response)
       VALUES ($1, $2, now(), $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [row.delivery_id, attempt, answer.status ?? null, error, answer.durationMs, answer.response ?? null],
    );
    if (ok) {
      await deps.db.query(
        `UPDATE event_deliveries SET state = 'delivered', attempts = $2, delivered_at = now(), leased_until = NULL, last_status = $3, last_error = NULL WHERE id = $1`,
        [row.delivery_id, attempt, answer.status],
      );
      await deps.db.query('UPDATE event_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [row.subscription_id]);
      return;
    }
    if (answer.status === 410) {
      // Gone: the receiver says so for good. Off first, then the delivery's lease given back: it waits,
      // in place, for the subscription to be turned on again (given back first, another pump could send it again).
      await disable(row.subscription_id, 'The receiver answered 410 Gone.');
      await deps.db.query(`UPDATE event_deliveries SET attempts = $2, leased_until = NULL, last_status = 410, last_error = $3 WHERE id = $1`, [
        row.delivery_id,
        attempt,
        error,
      ]);
      return;
    }
    // The schedule counts from the first attempt, or from the last resend.
    const step = settings.retryScheduleMs[attempt - 1 - row.schedule_start];
    const asked = answer.status === 429 || answer.status === 503 ? Math.min(answer.retryAfterMs ?? 0, RETRY_AFTER_CAP_MS) : 0;
    await deps.db.query(
      `UPDATE event_deliveries SET attempts = $2, leased_until = NULL, last_status = $3, last_error = $4,
         state = CASE WHEN $5::bigint IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $5::bigint IS NULL THEN next_attempt_at ELSE now() + $5::bigint * interval '1 millisecond' END
       WHERE id = $1`,
      [row.delivery_id, attempt, answer.status ?? null, error, step === undefined ? null : Math.max(step, asked)],
    );
    const { rows } = await deps.db.query<{ failing_for: string }>(
      `UPDATE event_subscriptions SET failing_since = coalesce(failing_since, now()) WHERE id = $1
       RETURNING extract(epoch FROM now() - failing_since) * 1000 AS failing_for`,
      [row.subscription_id],
    );
    if (rows[0] && Number(rows[0].failing_for) >= settings.failingDisableAfterMs) {
      await disable(row.subscription_id, `Every delivery to it failed for ${inWords(settings.failingDisableAfterMs)} in a row.`, true);
    }
  }

  /** Turns a subscription off; when failing did it, its creator is emailed (once: only the call that turned it off does). */
  async function disable(id: string, reason: string, tell = false): Promise<void> {
    const { rows } = await deps.db.query<{ url: string; email: string | null; name: string }>(
      `UPDATE event_subscriptions s SET enabled = false, disabled_reason = $2, updated_at = now()
       FROM staff p WHERE s.id = $1 AND s.enabled AND p.id = s.created_by RETURNING s.url, p.email, p.name`,
      [id, reason],
    );
    const off = rows[0];
    deps.log(`event subscription ${id} turned off: ${reason}`);
    if (!off || !tell || !off.email) return;
    try {
      await deps.mail.send({
        to: off.email,
        subject: `Followthrough stopped sending events to ${new URL(off.url).host}`,
        text: [
          `Hello ${off.name},`,
          '',
          `The event subscription ${id}, which you set up, sends to ${off.url}. ${reason}`,
          'So we turned it off. Events from now on are not kept for it; the ones it missed are in its delivery log.',
          '',
          `When the receiver works again, turn it back on: PATCH /v1/event-subscriptions/${id} with {"enabled": true}, and resend what it missed from GET /v1/event-subscriptions/${id}/deliveries.`,
        ].join('\n'),
      });
    } catch (err) {
      deps.log(`could not email ${off.email} that subscription ${id} was turned off: ${(err as Error).message}`);
    }
  }

  async function deliverOne(row: Claimed, settings: Required<PumpSettings>): Promise<void> {
    const body = JSON.stringify(cloudEvent(row, { includeContacts: row.include_contacts }));
    const now = new Date();
    const secrets = {
      secret: row.secret,
      ...(row.previous_secret && row.previous_secret_until ? { previous: { secret: row.previous_secret, until: row.previous_secret_until } } : {}),
    };
    const answer = await postEvent(row.url, signedHeaders(row.id, body, secrets, now), body, deps.receivers, settings.timeoutMs);
    await settle(row, answer, settings);
  }

  /** The activity: runs until its time is up or it is cancelled (the worker shutting down). */
  async function pumpEvents(given: PumpSettings = {}): Promise<void> {
    const settings: Required<PumpSettings> = {
      retryScheduleMs: given.retryScheduleMs ?? RETRY_SCHEDULE_MS,
      failingDisableAfterMs: given.failingDisableAfterMs ?? FAILING_DISABLE_AFTER_MS,
      timeoutMs: given.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      runForMs: given.runForMs ?? 600_000,
    };
    const ctx = Context.current();
    const until = Date.now() + settings.runForMs;
    let wake: () => void = () => undefined;
    const nudge = () => wake();
    // Its own connection, not one of the pool's: it is held for the whole run.
    let listener: Client | undefined;
    try {
      listener = new Client(deps.db.options);
      // A listener whose server goes away emits 'error'; unheard, that would kill the worker.
      listener.on('error', nudge);
      listener.on('notification', nudge);
      await listener.connect();
      await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      await listener?.end().catch(() => undefined);
      listener = undefined;
      deps.log(`event pump: not listening for new events (${(err as Error).message}); looking every ${IDLE_POLL_MS / 1000} s`);
    }
    ctx.cancellationSignal.addEventListener('abort', nudge);
    const inFlight = new Set<Promise<void>>();
    try {
      while (!ctx.cancellationSignal.aborted && Date.now() < until) {
        ctx.heartbeat();
        const woken = new Promise<void>((resolve) => (wake = resolve));
        const room = MAX_IN_FLIGHT - inFlight.size;
        const claimed = room > 0 ? await claim(deps.db, room, settings.timeoutMs + 5_000) : [];
        for (const row of claimed) {
          const running: Promise<void> = deliverOne(row, settings)
            .catch((err: Error) => deps.log(`event delivery ${row.delivery_id} not settled (${err.message}); its lease runs out and it is tried again`))
            .finally(() => {
              inFlight.delete(running);
              nudge();
            });
          inFlight.add(running);
        }
        if (claimed.length === room && room > 0) continue;
        const due = await nextDue(deps.db);
        let dueIn = due === undefined ? IDLE_POLL_MS : due - Date.now() + 5;
        // Due now yet nothing taken: a subscription has its share in flight. A delivery ending wakes
        // the loop; until then it looks again every BUSY_POLL_MS, and never spins.
        if (dueIn <= 5 && claimed.length === 0) dueIn = BUSY_POLL_MS;
        const waitMs = Math.max(0, Math.min(IDLE_POLL_MS, until - Date.now(), dueIn));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      await Promise.allSettled([...inFlight]);
    } finally {
      ctx.cancellationSignal.removeEventListener('abort', nudge);
      if (listener) {
        listener.off('notification', nudge);
        await listener.end().catch(() => undefined);
      }
    }
    // Cancelled (the worker is shutting down): fail, so Temporal runs it again on a worker that is up.
    if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('cancelled');
  }

  return { pumpEvents };
}
