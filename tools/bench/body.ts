/**
 * Create-commitment bodies for the load. Realistic: every contact channel filled in (so a create
 * costs what a real one costs: recap by SMS and email, confirmation to the owner), sent by ten
 * owners in turn, and a spread of call-log values so lists and reports have something to filter
 * and group.
 */

const TRIGGERS = ['missed_expectation', 'billing_error', 'delay', 'handoff_failure', 'other'];
const ROOT_CAUSES = ['unclear_policy', 'staffing_gap', 'bad_automation', 'poor_account_notes', 'other'];
export const OWNERS = 10;

/**
 * +1 <area> 555 xxxx: valid North American numbers of the range kept for fiction, 10,000 per area
 * code. The lapses' supervisors are in 212, the floors' recipients in 646 and the equal-work
 * floor's customers in 718, so a text is traced to its recipient by number alone.
 */
export function numberIn(areaCode: string, i: number): string {
  return `+1${areaCode}555${String(i % 10_000).padStart(4, '0')}`;
}

/**
 * A number of its own for every body index of a run (+1 415 200 0000 onwards, 8 million of them):
 * a customer seen three times in a week is a repeat contact, which alerts the supervisor, and a
 * benchmark's numbers must not make every create look like one.
 */
export function customerPhone(i: number): string {
  return `+1415${String(2_000_000 + (i % 8_000_000)).padStart(7, '0')}`;
}

export interface BodyOptions {
  /** ISO 8601 duration (dueIn) or absolute instant (dueAt). */
  due: { dueIn: string } | { dueAt: string };
  /** Further fields of the create body (e.g. remindBefore). */
  extra?: Record<string, unknown>;
}

/**
 * The owner is whoever's key sends it (the directory's agents, tools/bench/stack.ts) and the chain is
 * their team's policy: neither is in the body.
 */
export function commitmentBody(i: number, opts: BodyOptions): Record<string, unknown> {
  return {
    customer: { name: `Customer ${i}`, phone: customerPhone(i), email: `customer-${i}@example.com`, timezone: 'America/Chicago' },
    summary: 'Call you back about the duplicate charge',
    ...opts.due,
    log: {
      trigger: TRIGGERS[i % TRIGGERS.length],
      customerState: 'frustrated',
      customerWants: 'refund',
      rootCause: ROOT_CAUSES[i % ROOT_CAUSES.length],
      neededFix: 'Dedupe card retries',
    },
    externalRef: `BENCH-${i}`,
    ...opts.extra,
  };
}
