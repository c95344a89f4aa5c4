/**
 * The facts of one commitment, in three panels: the customer (with their clock now, and a number
 * found wrong), the promise (owner, deadline for the viewer and the customer and, when counted in
 * business time, what was asked on which calendar, extensions, the calls tried, why it was escalated and by whom,
 * a pause, what was done, the follow-up it led to or came from) and the call log.
 */
import type { Commitment } from '../../../api/resource';
import { attemptsSummary, attemptTime } from '../attempts';
import { businessText } from '../deadline';
import { clockIn, forCustomer, forViewer, viewerZone } from '../time';
import { label } from '../words';
import { LANGUAGE_LABELS, localeOf } from '../../../shared/locale';
import { REGION_NAMES } from '../../../shared/regions';

/** Why it went up, raised by whom and with what words (by hand), and where the chain stands while it runs. */
function Escalation(props: { c: Commitment }) {
  const { c } = props;
  const e = c.escalation;
  if (!e || (c.status !== 'escalated' && !e.raisedBy)) return null;
  const chain = `Level ${e.level + 1}${e.current ? `: ${e.current.name} alerted` : ''}${e.exhausted ? ' (nobody acknowledged)' : ''}`;
  return (
    <>
      <dt>Escalation</dt>
      <dd>
        {label(e.reason)}
        {e.raisedBy ? `, raised by ${e.raisedBy.name}` : ''}
        {e.note ? `: ${e.note}` : ''}
        {c.status === 'escalated' ? (
          <>
            <br />
            <span class="muted">{chain}</span>
          </>
        ) : null}
      </dd>
    </>
  );
}

/** The calls tried: how many, how each went and when, by whom; and each one's note. */
function Attempts(props: { c: Commitment; now: Date }) {
  const { c, now } = props;
  const summary = attemptsSummary(c, viewerZone, now);
  if (!summary) return null;
  const notes = (c.attempts ?? []).filter((a) => a.note);
  return (
    <>
      <dt>Attempts</dt>
      <dd>
        {summary}
        {notes.map((a) => (
          <>
            <br />
            <span class="muted">
              {attemptTime(a.at, viewerZone, now)}: {a.note}
            </span>
          </>
        ))}
      </dd>
    </>
  );
}

const SOURCE = { given: 'as given', area_code: 'from their area code', time_zone: 'from their time zone' } as const;

/** Whose texting hours hold their texts (docs/texting.md), and how we know where they are. */
function placeText(customer: Commitment['customer']): string {
  if (!customer.region) return 'Federal (8 AM to 9 PM their time): no state known';
  const name = REGION_NAMES[customer.region] ?? customer.region;
  return `${name}'s${customer.regionSource ? ` (${SOURCE[customer.regionSource]})` : ''}`;
}

export function CommitmentFacts(props: { c: Commitment; now: Date }) {
  const { c, now } = props;
  const zone = c.customer.timezone;
  return (
    <div class="columns">
      <section aria-labelledby="customer-title" class="panel">
        <h2 id="customer-title">Customer</h2>
        <dl class="facts">
          <dt>Name</dt>
          <dd>{c.customer.name}</dd>
          <dt>Phone</dt>
          <dd>
            {c.customer.phone ?? '–'}
            {c.smsOptedOut ? ' (replied STOP: texts go by email)' : ''}
          </dd>
          {c.wrongNumber ? (
            <>
              <dt>Wrong number</dt>
              <dd>
                {c.wrongNumber}: texts to it stopped for this commitment; <strong>ask for a new number</strong>
              </dd>
            </>
          ) : null}
          <dt>Email</dt>
          <dd>{c.customer.email ?? '–'}</dd>
          <dt>Their time now</dt>
          <dd>
            <strong>{clockIn(zone, now)}</strong>{' '}
            <span class="muted">
              ({zone}; yours {clockIn(viewerZone, now)})
            </span>
          </dd>
          <dt>Language</dt>
          <dd data-locale>{LANGUAGE_LABELS[localeOf(c.customer)]}</dd>
          <dt>Texting hours</dt>
          <dd data-region>{placeText(c.customer)}</dd>
        </dl>
      </section>
      <section aria-labelledby="promise-title" class="panel">
        <h2 id="promise-title">Promise</h2>
        <dl class="facts">
          <dt>Owner</dt>
          <dd>
            {c.owner.name}
            {c.owner.email ? ` · ${c.owner.email}` : ''}
          </dd>
          <dt>Deadline</dt>
          <dd>
            {forViewer(c.dueAt, now)}
            {c.business ? ` (${businessText(c.business)})` : null}
            <br />
            <span class="muted">customer: {forCustomer(c.dueAt, zone, now)}</span>
          </dd>
          <dt>Made</dt>
          <dd>
            {forViewer(c.createdAt, now)}
            {c.creator ? ` by ${c.creator.name}` : ''}
          </dd>
          <dt>Extensions</dt>
          <dd>
            {c.facts.extensionCount} of {c.policy.maxExtensions}
          </dd>
          <Attempts c={c} now={now} />
          <Escalation c={c} />
          {c.paused ? (
            <>
              <dt>Paused</dt>
              <dd>
                {c.paused.reason}, since {forViewer(c.paused.since, now)}
              </dd>
            </>
          ) : null}
          {c.fulfilment ? (
            <>
              <dt>Done</dt>
              <dd>
                {c.fulfilment.resolution}
                {c.fulfilment.pending ? ` (pending: ${c.fulfilment.pending})` : ''}
              </dd>
            </>
          ) : null}
          {c.followUpOf ? (
            <>
              <dt>Follows up</dt>
              <dd>
                <a href={`/commitments/${c.followUpOf}`}>The commitment it follows up</a>
              </dd>
            </>
          ) : null}
          {c.facts.followUpId ? (
            <>
              <dt>Follow-up</dt>
              <dd>
                <a href={`/commitments/${c.facts.followUpId}`}>The follow-up commitment</a>
                {c.fulfilment?.nextContactAt ? `, due ${forViewer(c.fulfilment.nextContactAt, now)}` : ''}
              </dd>
            </>
          ) : null}
          {c.externalRef ? (
            <>
              <dt>Reference</dt>
              <dd>{c.externalRef}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="log-title" class="panel">
        <h2 id="log-title">Call log</h2>
        <dl class="facts">
          <dt>Trigger</dt>
          <dd>{label(c.log?.trigger)}</dd>
          <dt>Customer state</dt>
          <dd>{label(c.log?.customerState)}</dd>
          <dt>Customer wants</dt>
          <dd>{label(c.log?.customerWants)}</dd>
          <dt>Root cause</dt>
          <dd>{label(c.log?.rootCause)}</dd>
          <dt>Needed fix</dt>
          <dd>{c.log?.neededFix ?? 'Not recorded'}</dd>
          <dt>Business constraint</dt>
          <dd>{c.log?.businessConstraint ?? 'Not recorded'}</dd>
        </dl>
      </section>
    </div>
  );
}
