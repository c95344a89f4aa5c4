/**
 * The customer's own page of a commitment, behind the signed link in the recap and after a missed
 * callback (src/links.ts pageLink): what was promised, who owns it, by when in their own time, the
 * latest progress update, and two things they can do: **pick another time** (a time the team can
 * keep: in the team calendar's open hours, or 8 AM to 8 PM their time without one, from 15 minutes
 * ahead to a week, at most twice) and **I still need help** (a short message to the owner). Plain
 * HTML forms: no JavaScript, readable at phone width, every control labelled.
 *
 * A move is an update with an id made from the token and the time picked, so a replayed form
 * changes nothing; a tampered token is refused before anything is read.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { openPeriods } from '../calendars/open-time';
import { teamCalendar } from '../calendars/store';
import type { CalendarRules } from '../calendars/model';
import { CUSTOMER_MOVES } from '../core/customer';
import { findCommitment } from '../db/commitments';
import { verifyPageToken } from '../links';
import { clockTime, dayText, localDate, whenText } from '../messages/time';
import { dateTimeFormat } from '../shared/date-format';
import { commitmentWorkflowId, customerMessageSignal, customerMoveUpdate, type CommitmentView } from '../shared/contract';
import { esc, page, verifiedOr } from './confirm';
import type { ApiDeps } from './deps';
import { route, type AnyRoute } from './route';
import { cleanText } from './text';
import { withDeadline } from './unavailable';

const QUARTER = 15 * 60_000;
/** The soonest a customer may ask for: long enough for the owner to see it. */
const SOONEST_MS = QUARTER;
/** The furthest: a week. Later than that is a new promise, not a moved callback. */
export const LATEST_MS = 7 * 24 * 3600_000;
const STEP_MS = 30 * 60_000;
/** Without a team calendar, the hours a customer may be called back in, their time. */
const PLAIN_HOURS = { from: 8, to: 20 };
const MAX_SLOTS = 96;

/** The times the customer may pick, soonest first: every half hour the team is open (or 8 to 8 their time), 15 minutes to a week ahead. */
export function slotsFor(c: Pick<CommitmentView, 'dueAt' | 'customer'>, calendar: CalendarRules | undefined, now: number): number[] {
  const first = Math.ceil((now + SOONEST_MS) / QUARTER) * QUARTER;
  const last = now + LATEST_MS;
  const open = calendar ? openPeriods(calendar, first, last + 1) : undefined;
  const hours = dateTimeFormat('en-US', { timeZone: c.customer.timezone, hour: 'numeric', hourCycle: 'h23' });
  const hour = (t: number) => Number(hours.format(t)) % 24;
  const slots: number[] = [];
  for (let t = first; t <= last && slots.length < MAX_SLOTS; t += STEP_MS) {
    if (t === Date.parse(c.dueAt)) continue;
    const fits = open ? open.some(([a, b]) => t >= a && t < b) : hour(t) >= PLAIN_HOURS.from && hour(t) < PLAIN_HOURS.to;
    if (fits) slots.push(t);
  }
  return slots;
}

const TokenParams = z.object({ token: z.string().min(1).max(200) });
/** The page's own forms; anything else a browser adds is ignored. */
const MoveForm = z.looseObject({ at: z.string().max(40).optional() });
const HelpForm = z.looseObject({
  text: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : cleanText(v, 1000) || undefined)),
});
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

const opened = (res: Response, deps: ApiDeps, token: string): string | undefined =>
  verifiedOr(res, deps.linkSecret, (key) => verifyPageToken(key, token).c, {
    closed: 'This page has closed.',
    invalid: 'Please use the link from your most recent message.',
    help: 'If you still need help, reply to our text and it comes straight to us.',
  });

const LIVE = new Set(['open', 'paused', 'escalated']);
const STATUS: Record<string, string> = {
  paused: 'On hold while we wait for something; we will tell you the new time.',
  escalated: 'A supervisor has it now and will contact you.',
  fulfilled: 'Done.',
  confirmed: 'Done, and you told us it is resolved.',
  unconfirmed: 'Done.',
  cancelled: 'Cancelled.',
};

/** The latest progress update the owner sent, in their words. */
function latestUpdate(c: CommitmentView): string | undefined {
  const entry = [...c.timeline].reverse().find((e) => e.type === 'progress_update');
  return entry?.detail.replace(/^.*? sent the customer an update: /, '');
}

async function view(deps: ApiDeps, id: string, now: number, said?: string): Promise<{ title: string; body: string } | undefined> {
  const c = await findCommitment(deps.db, id);
  if (!c) return undefined;
  const zone = c.customer.timezone;
  const when = whenText(new Date(c.dueAt), zone, new Date(now));
  const update = latestUpdate(c);
  const facts =
    `<dl><dt>What</dt><dd>${esc(c.summary)}</dd><dt>Who</dt><dd>${esc(c.owner.name)}</dd>` +
    `<dt>By</dt><dd>${esc(when)}</dd>${update ? `<dt>Latest update</dt><dd>${esc(update)}</dd>` : ''}` +
    `${STATUS[c.status] ? `<dt>Where it stands</dt><dd>${esc(STATUS[c.status]!)}</dd>` : ''}</dl>`;
  let move = '';
  const left = CUSTOMER_MOVES - (c.facts.customerMoves ?? 0);
  if (c.status === 'open' && left > 0) {
    const calendar = c.team ? await teamCalendar(deps.db, c.team.id) : undefined;
    const slots = slotsFor(c, calendar, now);
    const byDay = new Map<string, number[]>();
    for (const t of slots) byDay.set(localDate(new Date(t), zone), [...(byDay.get(localDate(new Date(t), zone)) ?? []), t]);
    const groups = [...byDay.values()]
      .map((ts) => {
        const day = dayText(new Date(ts[0]!), zone, new Date(now));
        return `<optgroup label="${esc(day)}">${ts.map((t) => `<option value="${new Date(t).toISOString()}">${esc(clockTime(new Date(t), zone))}</option>`).join('')}</optgroup>`;
      })
      .join('');
    move = slots.length
      ? `<h2>Pick another time</h2><form method="post" action="/p/${'{token}'}/time"><label for="at">A time that suits you better (your time; you can change it ${left === 1 ? 'once more' : 'twice'})</label>` +
        `<select id="at" name="at" required>${groups}</select><button type="submit">Move my callback</button></form>`
      : '';
  }
  const help = LIVE.has(c.status)
    ? `<h2>I still need help</h2><form method="post" action="/p/${'{token}'}/help"><label for="text">Tell ${esc(c.owner.name)} what you need (they read it before they call)</label>` +
      `<textarea id="text" name="text" maxlength="1000" required></textarea><button type="submit">Send to ${esc(c.owner.name)}</button></form>`
    : '';
  return { title: `Your callback from ${c.owner.name}`, body: `${said ? `<p role="status"><strong>${esc(said)}</strong></p>` : ''}${facts}${move}${help}` };
}

async function show(res: Response, deps: ApiDeps, token: string, id: string, status = 200, said?: string): Promise<void> {
  const v = await view(deps, id, deps.clock?.().getTime() ?? Date.now(), said);
  if (!v) return page(res, 404, 'We cannot find this', '<p>Please use the link from your most recent message.</p>');
  page(res, status, v.title, v.body.replaceAll('{token}', encodeURIComponent(token)));
}

export const customerPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/p/{token}',
    operationId: 'getCustomerPage',
    tag: 'Confirmations',
    summary: "The customer's page of a commitment: what, who, by when in their time, the latest update; pick another time, or say they still need help",
    auth: 'public',
    params: TokenParams,
    responses: { 200: html('The page'), 404: html('Invalid link'), 410: html('Expired link') },
    handle: async ({ params, res }, deps) => {
      const id = opened(res, deps, params.token);
      if (id) await show(res, deps, params.token, id);
    },
  }),
  route({
    method: 'post',
    path: '/p/{token}/time',
    operationId: 'moveCustomerCallback',
    tag: 'Confirmations',
    summary: 'The customer picks another time (one the page offered); the owner is told at once; not an extension',
    auth: 'public',
    params: TokenParams,
    body: MoveForm,
    responses: { 200: html('The page, with the new time'), 404: html('Invalid link'), 409: html('That time cannot be picked now'), 410: html('Expired link') },
    handle: async ({ params, body, res }, deps) => {
      const id = opened(res, deps, params.token);
      if (!id) return;
      const c = await findCommitment(deps.db, id);
      const now = deps.clock?.().getTime() ?? Date.now();
      const at = Date.parse(body.at ?? '');
      const calendar = c?.team ? await teamCalendar(deps.db, c.team.id) : undefined;
      // The same form again (a double click, a reload): already done, and said so.
      if (c && at === Date.parse(c.dueAt))
        return show(
          res,
          deps,
          params.token,
          id,
          200,
          `Done: ${c.owner.name} will get back to you by ${whenText(new Date(at), c.customer.timezone, new Date(now))}.`,
        );
      // Only a time the page would offer now: a tampered or stale form moves nothing.
      if (!c || !slotsFor(c, calendar, now).includes(at))
        return show(res, deps, params.token, id, 409, 'That time cannot be picked now; please choose one of the times below.');
      const updateId = createHash('sha256').update(`customerMove\n${params.token}\n${at}`).digest('hex');
      try {
        await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
          deps.client.workflow
            .getHandle(commitmentWorkflowId(id))
            .executeUpdate(customerMoveUpdate, { args: [{ dueAt: new Date(at).toISOString(), via: 'page' }], updateId }),
        );
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
        const why = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : 'It cannot be moved now.';
        return show(res, deps, params.token, id, 409, why);
      }
      await show(
        res,
        deps,
        params.token,
        id,
        200,
        `Done: ${c.owner.name} will get back to you by ${whenText(new Date(at), c.customer.timezone, new Date(now))}, and knows you asked.`,
      );
    },
  }),
  route({
    method: 'post',
    path: '/p/{token}/help',
    operationId: 'sendCustomerHelp',
    tag: 'Confirmations',
    summary: "The customer's short message to the owner: it lands in the timeline and is forwarded to them",
    auth: 'public',
    params: TokenParams,
    body: HelpForm,
    responses: { 200: html('The page, saying it was sent'), 404: html('Invalid link'), 409: html('Closed'), 410: html('Expired link') },
    handle: async ({ params, body, res }, deps) => {
      const id = opened(res, deps, params.token);
      if (!id) return;
      const c = await findCommitment(deps.db, id);
      if (!c || !LIVE.has(c.status)) return show(res, deps, params.token, id, 409, 'This is closed; if you still need help, reply to our text.');
      if (!body.text) return show(res, deps, params.token, id, 200, 'Please write a few words about what you need.');
      const text = body.text;
      await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
        deps.client.workflow.getHandle(commitmentWorkflowId(id)).signal(customerMessageSignal, { text: `I still need help (from my page): ${text}` }),
      );
      await show(res, deps, params.token, id, 200, `Sent. ${c.owner.name} will read it before they contact you.`);
    },
  }),
];
