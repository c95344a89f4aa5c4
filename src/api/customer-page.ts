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
 *
 * In the customer's language (`customer.locale`), from the catalogues' `page.customer.*`, with
 * times in their zone and words; a link whose commitment cannot be found is answered in English.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { openPeriods } from '../calendars/open-time';
import { teamCalendar } from '../calendars/store';
import type { CalendarRules } from '../calendars/model';
import { CUSTOMER_MOVES } from '../core/customer';
import { findCommitment } from '../db/commitments';
import { markInboundProcessed, releaseInbound, storeInbound } from '../db/inbound-messages';
import { verifyPageToken } from '../links';
import type { MessageKey } from '../messages/catalogue';
import { text } from '../messages/format';
import { clockTime, dayText, localDate, whenText, withArticle } from '../messages/time';
import { dateTimeFormat } from '../shared/date-format';
import { commitmentWorkflowId, customerMessageSignal, customerMoveUpdate, type CommitmentView } from '../shared/contract';
import { localeOf, type CustomerLocale } from '../shared/locale';
import type { CommitmentStatus } from '../shared/vocab';
import { esc, page, verifiedOr, words } from './confirm';
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
  /** The form's own id, made when the page was shown: a form sent twice (a refresh, a replay) is forwarded once. */
  n: z.uuid().optional(),
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
/** Where it stands, for the statuses that say more than the deadline does. */
const STATUS: Partial<Record<CommitmentStatus, MessageKey>> = {
  paused: 'page.customer.status.paused',
  escalated: 'page.customer.status.escalated',
  fulfilled: 'page.customer.status.fulfilled',
  confirmed: 'page.customer.status.confirmed',
  unconfirmed: 'page.customer.status.unconfirmed',
  cancelled: 'page.customer.status.cancelled',
};

/** A time as the customer reads it in a sentence, in their zone and language: "3:15 PM CST today"; "las 3:15 p.m. CST hoy". */
function dueWords(c: Pick<CommitmentView, 'customer'>, at: number, now: number): string {
  const locale = localeOf(c.customer);
  const zone = c.customer.timezone;
  return withArticle(whenText(new Date(at), zone, new Date(now), locale), new Date(at), zone, locale);
}

/** The latest progress update the owner sent, in their words. */
function latestUpdate(c: CommitmentView): string | undefined {
  const entry = [...c.timeline].reverse().find((e) => e.type === 'progress_update');
  return entry?.detail.replace(/^.*? sent the customer an update: /, '');
}

/**
 * What the page says after a form: a catalogue key and its values (plain text), in the customer's
 * language; or, on an English page, the commitment's own reason for refusing.
 */
type Said = { key: MessageKey; values?: Record<string, string> } | { reason: string };

async function view(deps: ApiDeps, id: string, now: number, said?: Said): Promise<{ title: string; body: string; locale: CustomerLocale } | undefined> {
  const c = await findCommitment(deps.db, id);
  if (!c) return undefined;
  const zone = c.customer.timezone;
  const locale = localeOf(c.customer);
  const w = (key: MessageKey, values?: Record<string, string>) => words(locale, key, values);
  const update = latestUpdate(c);
  const status = STATUS[c.status];
  const facts =
    `<dl><dt>${w('page.customer.what')}</dt><dd>${esc(c.summary)}</dd><dt>${w('page.customer.who')}</dt><dd>${esc(c.owner.name)}</dd>` +
    `<dt>${w('page.customer.by')}</dt><dd>${w('page.customer.due', { due: dueWords(c, Date.parse(c.dueAt), now) })}</dd>` +
    `${update ? `<dt>${w('page.customer.latest')}</dt><dd>${esc(update)}</dd>` : ''}` +
    `${status ? `<dt>${w('page.customer.stands')}</dt><dd>${w(status)}</dd>` : ''}</dl>`;
  let move = '';
  const left = CUSTOMER_MOVES - (c.facts.customerMoves ?? 0);
  if (c.status === 'open' && left > 0) {
    const calendar = c.team ? await teamCalendar(deps.db, c.team.id) : undefined;
    const slots = slotsFor(c, calendar, now);
    const byDay = new Map<string, number[]>();
    for (const t of slots) byDay.set(localDate(new Date(t), zone), [...(byDay.get(localDate(new Date(t), zone)) ?? []), t]);
    const groups = [...byDay.values()]
      .map((ts) => {
        const day = dayText(new Date(ts[0]!), zone, new Date(now), locale);
        return `<optgroup label="${esc(day)}">${ts.map((t) => `<option value="${new Date(t).toISOString()}">${esc(clockTime(new Date(t), zone, locale))}</option>`).join('')}</optgroup>`;
      })
      .join('');
    move = slots.length
      ? `<h2>${w('page.customer.pickTitle')}</h2><form method="post" action="/p/${'{token}'}/time"><label for="at">${w('page.customer.pickLabel', { left: String(left) })}</label>` +
        `<select id="at" name="at" required>${groups}</select><button type="submit">${w('page.customer.moveButton')}</button></form>`
      : '';
  }
  const owner = { owner: c.owner.name };
  const help = LIVE.has(c.status)
    ? `<h2>${w('page.customer.helpTitle')}</h2><form method="post" action="/p/${'{token}'}/help"><label for="text">${w('page.customer.helpLabel', owner)}</label>` +
      `<input type="hidden" name="n" value="${randomUUID()}"><textarea id="text" name="text" maxlength="1000" required></textarea><button type="submit">${w('page.customer.helpButton', owner)}</button></form>`
    : '';
  const told = said ? `<p role="status"><strong>${'reason' in said ? esc(said.reason) : w(said.key, said.values)}</strong></p>` : '';
  return { title: text(locale, 'page.customer.title', owner), body: `${told}${facts}${move}${help}`, locale };
}

async function show(res: Response, deps: ApiDeps, token: string, id: string, status = 200, said?: Said): Promise<void> {
  const v = await view(deps, id, deps.clock?.().getTime() ?? Date.now(), said);
  if (!v) return page(res, 404, 'We cannot find this', '<p>Please use the link from your most recent message.</p>');
  page(res, status, v.title, v.body.replaceAll('{token}', encodeURIComponent(token)), v.locale);
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
        return show(res, deps, params.token, id, 200, { key: 'page.customer.movedAlready', values: { owner: c.owner.name, due: dueWords(c, at, now) } });
      // Only a time the page would offer now: a tampered or stale form moves nothing.
      if (!c || !slotsFor(c, calendar, now).includes(at)) return show(res, deps, params.token, id, 409, { key: 'page.customer.moveRefused' });
      const updateId = createHash('sha256').update(`customerMove\n${params.token}\n${at}`).digest('hex');
      try {
        await withDeadline(deps.client, deps.temporalDeadlineMs, () =>
          deps.client.workflow
            .getHandle(commitmentWorkflowId(id))
            .executeUpdate(customerMoveUpdate, { args: [{ dueAt: new Date(at).toISOString(), via: 'page' }], updateId }),
        );
      } catch (err) {
        if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
        // The commitment's reason is in English: the English page says it, another language its own words.
        const refused = err instanceof WorkflowUpdateFailedError && err.cause ? err.cause.message : undefined;
        return show(res, deps, params.token, id, 409, refused && localeOf(c.customer) === 'en-US' ? { reason: refused } : { key: 'page.customer.cannotMove' });
      }
      await show(res, deps, params.token, id, 200, { key: 'page.customer.moved', values: { owner: c.owner.name, due: dueWords(c, at, now) } });
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
      if (!c || !LIVE.has(c.status)) return show(res, deps, params.token, id, 409, { key: 'page.customer.helpClosed' });
      if (!body.text) return show(res, deps, params.token, id, 200, { key: 'page.customer.helpEmpty' });
      const message = `I still need help (from my page): ${body.text}`;
      const forward = () =>
        withDeadline(deps.client, deps.temporalDeadlineMs, () =>
          deps.client.workflow.getHandle(commitmentWorkflowId(id)).signal(customerMessageSignal, { text: message }),
        );
      // Kept first, as an inbound text is, under the form's id: the same form again finds it and forwards nothing.
      const sid = body.n ? `page:${id}:${body.n}` : undefined;
      const claim = sid ? await storeInbound(deps.db, { sid, from: 'customer page', body: message }) : { kind: 'process' as const };
      if (claim.kind === 'process') {
        try {
          await forward();
        } catch (err) {
          if (sid) await releaseInbound(deps.db, sid).catch(() => undefined);
          throw err;
        }
        if (sid) await markInboundProcessed(deps.db, sid, undefined).catch(() => undefined);
      }
      await show(res, deps, params.token, id, 200, { key: 'page.customer.helpSent', values: { owner: c.owner.name } });
    },
  }),
];
