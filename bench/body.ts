/**
 * Create-commitment bodies for the load. Realistic: every contact channel filled in (so a create
 * costs what a real one costs: recap by SMS and email, confirmation to the owner), ten owners and
 * a spread of call-log values so lists and reports have something to filter and group.
 */

const TRIGGERS = ['missed_expectation', 'billing_error', 'delay', 'handoff_failure', 'other'];
const ROOT_CAUSES = ['unclear_policy', 'staffing_gap', 'bad_automation', 'poor_account_notes', 'other'];
export const OWNERS = 10;

/**
 * +1 <area> 555 xxxx: valid North American numbers of the range kept for fiction, 10,000 per area
 * code. Customers are in 415; the storm's supervisors in 212 and its floor in 646, so a text is
 * traced to its recipient by number alone.
 */
export function numberIn(areaCode: string, i: number): string {
  return `+1${areaCode}555${String(i % 10_000).padStart(4, '0')}`;
}

export interface BodyOptions {
  /** ISO 8601 duration (dueIn) or absolute instant (dueAt). */
  due: { dueIn: string } | { dueAt: string };
  /** A supervisor of its own, so each lapse's alert can be told apart at the sink. */
  supervisor?: { id: string; email: string; phone: string };
  /** Further fields of the create body (e.g. remindBefore, escalation). */
  extra?: Record<string, unknown>;
}

export function commitmentBody(i: number, opts: BodyOptions): Record<string, unknown> {
  const owner = i % OWNERS;
  return {
    customer: { name: `Customer ${i}`, phone: numberIn('415', i), email: `customer-${i}@example.com`, timezone: 'America/Chicago' },
    owner: { id: `agent-${owner}`, name: `Agent ${owner}`, email: `agent-${owner}@support.example` },
    supervisor: opts.supervisor
      ? { id: opts.supervisor.id, name: `Supervisor ${opts.supervisor.id}`, email: opts.supervisor.email, phone: opts.supervisor.phone }
      : { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example', phone: '+14155550199' },
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
