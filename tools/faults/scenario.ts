/**
 * One scenario: create n commitments that lapse together, put the system through its fault while
 * the alerts go out, wait until it is quiet, then count what arrived and read what was recorded.
 */
import { reachMs, REAL_RETRY_SCHEDULE_MS, subscribeReceiver, type EventProbe, type EventsResult } from './events';
import { loadMeter, type MachineLoad } from './machine-load';
import { countMessages, CUSTOMER_NOTICE, firstArrival, RECAP, SUPERVISOR_ALERT, type MessageCount } from './count';
import type { Received } from './control';
import { cohort, commitmentBody, createCohort, seedCohort, waitForRecaps, type Cohort, type CreateStats } from './population';
import { waitQuiet } from './quiet';
import { readRecorded } from './readback';
import type { FaultStack } from './stack';

export interface FaultContext {
  stack: FaultStack;
  deadline: number;
  log: (line: string) => void;
  /** Resolves once the sink accepts a supervisor alert of this scenario it did not have at the call: alerts are in flight. */
  nextAlert(timeoutMs?: number): Promise<void>;
  /** Creates answered so far (the creates fault watches it). */
  createsDone(): number;
  n: number;
  /** Set by a fault that takes the app's Postgres away: when (ms epoch), and when it was back. */
  outage?: { from: number; to?: number };
  /** The event receiver and its subscription, for a scenario with `events` (tools/faults/events.ts). */
  events?: EventProbe;
}

export interface Scenario {
  id: string;
  /** The row label in docs/reliability.md. */
  label: string;
  /** What the fault is, for the docs' introduction. */
  explain: string;
  /** How long before the deadline `burst` starts, so the fault meets the first alert (default 0). */
  startsBeforeDeadlineMs?: number;
  /** The fault around the alert burst; says what was done. */
  burst?(ctx: FaultContext): Promise<string>;
  /** The fault during the creates; says what was done. */
  creates?(ctx: FaultContext): Promise<string>;
  /**
   * Subscribe a receiver in the suite's process to the cohort's events before the creates, and
   * count them afterwards; `outageMs` is how long the fault keeps it down (it sizes the wait).
   */
  events?: { outageMs: number };
}

export interface LapseResult {
  id: string;
  label: string;
  n: number;
  fault: string[];
  creates: CreateStats & { rowsPerCommitment?: Record<string, number> };
  quiet: boolean;
  /** Deadline → quiet (or → giving up), seconds. */
  settledAfterS: number;
  /** Commitments still busy when waiting gave up. */
  busy: number;
  alert: MessageCount;
  /** The first copy of any supervisor alert, seconds after the deadline, and by which channel. */
  firstAlert?: { afterS: number; channel: 'sms' | 'email' };
  /** When the app's Postgres was down, in seconds from the deadline (a fault that takes it away). */
  postgresDown?: { fromS: number; toS: number };
  notice: MessageCount;
  recap?: MessageCount;
  /** Twilio's status callbacks to the API during the scenario, by the API's answer. */
  callbacks: Record<string, number>;
  /** CPU of the suite's processes and of everything else on the machine during the scenario. */
  load: MachineLoad;
  /** Exits of the worker and the API that no fault asked for (each followed by restarts), by process. */
  unexpectedExits: Record<string, number>;
  unreadableTimelines: number;
  /** The events out the receiver got, for a scenario with `events`. */
  events?: EventsResult;
}

/** Unexpected exits since `before`, by process. */
export function exitsSince(stack: FaultStack, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(stack.exits()).map(([name, k]) => [name, k - (before[name] ?? 0)]));
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** The first alert of the cohort and, when a fault took Postgres away, when it was down. */
function firstAndOutage(received: Received, c: Cohort, deadline: number, outage: FaultContext['outage']): Pick<LapseResult, 'firstAlert' | 'postgresDown'> {
  const first = firstArrival(received, c.supervisors);
  return {
    ...(first ? { firstAlert: { afterS: seconds(first.at - deadline), channel: first.channel } } : {}),
    ...(outage ? { postgresDown: { fromS: seconds(outage.from - deadline), toS: seconds((outage.to ?? Date.now()) - deadline) } } : {}),
  };
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

export async function runLapseScenario(
  stack: FaultStack,
  s: Scenario,
  index: number,
  n: number,
  opts: { runId: string; quietTimeoutMs: number; log: (line: string) => void; eventRetryScheduleMs?: number[] },
): Promise<LapseResult> {
  const c = cohort(index, n, opts.runId);
  const keys = await seedCohort(stack, c);
  const events = s.events ? await subscribeReceiver(stack, opts.eventRetryScheduleMs) : undefined;
  try {
    return await lapse(stack, s, c, keys, events, opts);
  } finally {
    await events?.close();
  }
}

async function lapse(
  stack: FaultStack,
  s: Scenario,
  c: Cohort,
  keys: string[],
  events: EventProbe | undefined,
  opts: { quietTimeoutMs: number; log: (line: string) => void; eventRetryScheduleMs?: number[] },
): Promise<LapseResult> {
  const { log } = opts;
  const { n } = c;
  const since = Date.now();
  const meter = loadMeter();
  const exitsBefore = stack.exits();
  // Time to create them all and deliver their recaps before the deadline, on a busy 2-core machine
  // too; a creates fault slows that down.
  const leadMs = Math.max(20_000, n * 300 + 15_000) + (s.creates ? 20_000 : 0);
  const deadline = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  let done = 0;
  const ctx: FaultContext = {
    stack,
    deadline,
    log,
    n,
    createsDone: () => done,
    ...(events ? { events } : {}),
    async nextAlert(timeoutMs = 60_000) {
      const total = async () => Object.values(await stack.sink.count(c.supervisors)).reduce((a, b) => a + b, 0);
      const start = await total();
      const giveUpAt = Date.now() + timeoutMs;
      while (Date.now() < giveUpAt && (await total()) <= start) await new Promise((r) => setTimeout(r, 50));
    },
  };
  log(`▶ ${s.label}: creating ${n} commitments due at ${new Date(deadline).toISOString()}…`);
  const fault: string[] = [];
  const before = await stack.sink.count();
  const createsFault = s.creates?.(ctx).then((what) => fault.push(what));
  const dueIn = () => `PT${Math.max(1, Math.round((deadline - Date.now()) / 1000))}S`;
  const { ids, ...created } = await createCohort(
    stack,
    c,
    keys,
    (i) => commitmentBody(c, i, dueIn()),
    (d) => (done = d),
  );
  await createsFault;
  log(
    `  created ${created.created}/${n} in ${created.elapsedS} s (${created.retried} after retries${created.failed ? `, ${created.failed} failed: ${created.errorSamples[0]}` : ''})`,
  );

  await waitForRecaps(stack, before, created.created, deadline - 1_000);
  await events?.waitForCreated(ids, deadline - (s.startsBeforeDeadlineMs ?? 0) - 500);
  await sleepUntil(deadline - (s.startsBeforeDeadlineMs ?? 0));
  if (s.burst) fault.push(await s.burst(ctx));
  const quiet = await waitQuiet(
    stack,
    ids.filter((id): id is string => Boolean(id)),
    'escalated',
    opts.quietTimeoutMs,
    log,
  );
  if (!quiet.quiet) log(`  ! not quiet after ${opts.quietTimeoutMs / 1000} s: ${quiet.busy} commitments still busy; their missing messages count as lost`);

  // Long enough for a delivery first tried as the receiver went down to reach an attempt after it came back, and then some.
  const eventsCounted =
    events && s.events
      ? await events.count(ids, deadline, reachMs(opts.eventRetryScheduleMs ?? REAL_RETRY_SCHEDULE_MS, s.events.outageMs) + opts.quietTimeoutMs, log)
      : undefined;
  const received = await stack.sink.received(since);
  const recorded = await readRecorded(stack, ids, [SUPERVISOR_ALERT.purpose, CUSTOMER_NOTICE.purpose, RECAP.purpose]);
  const result: LapseResult = {
    id: s.id,
    label: s.label,
    n,
    fault,
    creates: created,
    quiet: quiet.quiet,
    settledAfterS: Math.round((quiet.at - deadline) / 1000),
    busy: quiet.busy,
    alert: countMessages(SUPERVISOR_ALERT, c, ids, received, recorded, deadline),
    ...firstAndOutage(received, c, deadline, ctx.outage),
    notice: countMessages(CUSTOMER_NOTICE, c, ids, received, recorded, deadline),
    callbacks: received.callbacks,
    unexpectedExits: exitsSince(stack, exitsBefore),
    load: meter(),
    unreadableTimelines: recorded.unreadable,
  };
  if (eventsCounted) result.events = eventsCounted;
  if (s.creates) {
    result.recap = countMessages(RECAP, c, ids, received, recorded, since);
    const { rows } = await stack.db.query<{ copies: string }>(
      'SELECT count(*)::text AS copies FROM commitments WHERE external_ref = ANY($1) GROUP BY external_ref',
      [Array.from({ length: n }, (_, i) => c.ref(i))],
    );
    result.creates.rowsPerCommitment = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.copies]: (acc[r.copies] ?? 0) + 1 }), {});
  }
  return result;
}
