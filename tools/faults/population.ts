/**
 * The commitments of one scenario, created through the REST API as a client would: each by its
 * owner's key, with an Idempotency-Key, retried with that same key until it is answered 201.
 * Every scenario's people have addresses of their own, so each message the sink accepted is
 * traced to its commitment and its purpose by address alone.
 *
 * 👉 Each commitment's owner has a team of their own in the staff directory, whose supervisor is
 *    that commitment's only alert recipient (tools/bench/directory.ts). The alternative, one team and
 *    alerts matched to commitments by the customer's name in their words, would make the counts
 *    depend on wording the product may cut (GSM-7 folding, 4-segment staff texts) or change, and a
 *    second copy of one alert could not be told from the alert of another commitment. The
 *    escalation path is the same either way: the level is "the team's supervisor", resolved from
 *    the directory when the deadline passes.
 */
import { numberIn } from '../bench/body';
import { seedSoloTeams, supervisorOnly } from '../bench/directory';
import { runLoad } from '../bench/load';
import type { FaultStack } from './stack';

/** Scenario s, commitment i: its numbers are +1 212 555 s×1000+i (supervisors) and +1 415 … (customers). */
export const MAX_PER_SCENARIO = 1_000;

export function cohort(scenario: number, n: number, runId: string) {
  const slot = (i: number) => scenario * MAX_PER_SCENARIO + i;
  return {
    scenario,
    n,
    supervisor: (i: number) => ({
      id: `sup-${scenario}-${i}`,
      name: `Supervisor ${scenario}-${i}`,
      email: `sup-${scenario}-${i}@faults.example`,
      phone: numberIn('212', slot(i)),
    }),
    /** The owner, reached by email only (as an agent at a desk): never confused with the supervisor. */
    owner: (i: number) => ({ id: `agent-${scenario}-${i}`, name: `Agent ${scenario}-${i}`, email: `agent-${scenario}-${i}@faults.example` }),
    team: (i: number) => `faults-${scenario}-${i}`,
    customer: (i: number) => ({
      name: `Customer ${scenario}-${i}`,
      phone: numberIn('415', slot(i)),
      email: `customer-${scenario}-${i}@faults.example`,
      timezone: 'America/Chicago',
    }),
    ref: (i: number) => `FAULTS-${scenario}-${i}`,
    /** Matches this cohort's supervisors' numbers and addresses, and nobody else's. */
    supervisors: new RegExp(`^(\\+1212555${scenario}\\d{3}|sup-${scenario}-\\d+@)`),
    /** Unique per run: a rerun against the same servers must not be answered from the last run. */
    idempotencyKey: (i: number) => `faults-${runId}-${scenario}-${i}`,
  };
}
export type Cohort = ReturnType<typeof cohort>;

/**
 * Only the first level is alerted while the suite counts: its window outlasts any scenario, and
 * nobody is asked again.
 */
const ACK_WITHIN_MS = 2 * 3600_000;

/** Seeds each commitment's owner, team and supervisor; returns the owners' keys, by commitment. */
export function seedCohort(stack: FaultStack, c: Cohort): Promise<string[]> {
  return seedSoloTeams(stack.db, c.n, (i) => ({
    id: c.team(i),
    name: `Faults ${c.scenario}-${i}`,
    timezone: 'America/Chicago',
    supervisor: c.supervisor(i),
    agents: [c.owner(i)],
    policy: supervisorOnly(ACK_WITHIN_MS),
  }));
}

/** The owner is whoever's key creates it (c.owner(i)); the chain is their team's policy. */
export function commitmentBody(c: Cohort, i: number, dueIn: string): Record<string, unknown> {
  return {
    customer: c.customer(i),
    summary: 'Call you back about the duplicate charge',
    dueIn,
    // A reminder due before the window opened is skipped; otherwise it would land just before the deadline.
    remindBefore: 'P1D',
    log: { trigger: 'billing_error', customerState: 'frustrated', customerWants: 'refund', rootCause: 'bad_automation' },
    externalRef: c.ref(i),
  };
}

export interface CreateStats {
  /** Answered 201 in the end. */
  created: number;
  /** Needed more than one attempt. */
  retried: number;
  failed: number;
  /** Why attempts failed, counted: "ECONNREFUSED", "HTTP 503"… */
  answers: Record<string, number>;
  errorSamples: string[];
  elapsedS: number;
}

/** How long one create is retried: an API restart takes seconds, a Temporal outage tens of them. */
const PATIENCE_MS = 120_000;
const RETRY_DELAY_MS = 500;

/** Thrown for an answer a retry cannot change (a 4xx other than 429). */
class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/**
 * Creates the cohort; `body(i)` is built once per commitment, so every retry repeats the same
 * request. `onProgress` hears of every create answered (or given up on).
 */
export async function createCohort(
  stack: FaultStack,
  c: Cohort,
  keys: string[],
  body: (i: number) => Record<string, unknown>,
  onProgress?: (done: number) => void,
): Promise<CreateStats & { ids: (string | undefined)[] }> {
  const ids = new Array<string | undefined>(c.n);
  const answers: Record<string, number> = {};
  let retried = 0;
  let done = 0;
  const note = (what: string) => (answers[what] = (answers[what] ?? 0) + 1);
  const headers = (i: number) => ({ authorization: `Bearer ${keys[i] ?? ''}`, 'idempotency-key': c.idempotencyKey(i) });

  const load = await runLoad(c.n, 16, async (i) => {
    try {
      await createOne(i);
    } finally {
      onProgress?.(++done);
    }
  });
  async function createOne(i: number): Promise<void> {
    const payload = JSON.stringify(body(i));
    const giveUpAt = Date.now() + PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await stack.http.request('POST', '/v1/commitments', headers(i), payload);
        if (res.status === 201) {
          ids[i] = (JSON.parse(res.body) as { id: string }).id;
          if (attempt > 1) retried += 1;
          return;
        }
        note(`HTTP ${res.status}`);
        if (res.status < 500 && res.status !== 429) throw new RefusedError(`POST /v1/commitments answered ${res.status}: ${res.body.slice(0, 300)}`);
      } catch (err) {
        if (err instanceof RefusedError) throw err;
        note((err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err)));
      }
      if (Date.now() > giveUpAt) throw new Error(`no 201 within ${PATIENCE_MS / 1000} s for ${c.ref(i)}`);
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
  }
  return {
    ids,
    created: load.latencies.length,
    retried,
    failed: load.errors,
    answers,
    errorSamples: load.errorSamples,
    elapsedS: Math.round(load.elapsedMs / 100) / 10,
  };
}

/**
 * Waits until the sink holds the recaps of `created` commitments (customer SMS and email, owner
 * email) on top of `before`, or until `until` (ms epoch): the burst that follows is then only the lapse.
 */
export async function waitForRecaps(stack: FaultStack, before: { sms: number; email: number }, created: number, until: number): Promise<void> {
  const total = async () => Object.values(await stack.sink.count()).reduce((a, b) => a + b, 0);
  while (Date.now() < until && (await total()) < before.sms + before.email + created * 3) await new Promise((r) => setTimeout(r, 250));
}
