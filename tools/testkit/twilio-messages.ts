/**
 * The Twilio fake's message resources: created as Twilio creates them, listed with the filters and
 * paging the SDK sends for `client.messages.list()` / `each()`, fetched one by one.
 */
import { randomBytes } from 'node:crypto';

export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  status_callback: string | null;
  date_created: string;
  /** null until the message is "sent", as on Twilio; the list's DateSent filters skip it until then. */
  date_sent: string | null;
  error_code: number | null;
  uri: string;
  /** Date.now() when the server accepted the message (benchmarks measure lag to it); never sent back. */
  receivedAt?: number;
  [field: string]: unknown;
}

/** Twilio's default page size, and its largest. */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1_000;

// Twilio dates look like "Tue, 04 Mar 2025 10:15:00 +0000".
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

export function messageResource(accountSid: string, form: Record<string, string>): TwilioMessage {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = rfc2822(new Date());
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
  const viaService = Boolean(form.MessagingServiceSid);
  return {
    sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    to: form.To ?? '',
    // With a Messaging Service, Twilio picks the sender later and answers `accepted`, not `queued`.
    from: form.From ?? null,
    messaging_service_sid: form.MessagingServiceSid ?? null,
    body: form.Body ?? '',
    status: viaService ? 'accepted' : 'queued',
    status_callback: form.StatusCallback ?? null,
    direction: 'outbound-api',
    num_segments: '1',
    num_media: '0',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    date_created: now,
    date_updated: now,
    date_sent: null,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
}

/** What Twilio answers: the resource without the fake's own bookkeeping. */
export function publicView(m: TwilioMessage): Omit<TwilioMessage, 'receivedAt'> {
  const { receivedAt: _receivedAt, ...resource } = m;
  return resource;
}

/** "2025-03-04" matches the whole day; a date-time matches to the second. */
function bounds(value: string): [number, number] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return [start, start + 86_400_000 - 1_000];
  }
  const at = Math.floor(Date.parse(value) / 1000) * 1000;
  return [at, at];
}

function matches(m: TwilioMessage, q: URLSearchParams): boolean {
  if (q.has('To') && m.to !== q.get('To')) return false;
  if (q.has('From') && m.from !== q.get('From')) return false;
  const filters = (['DateSent', 'DateSent>', 'DateSent<'] as const).filter((f) => q.has(f));
  if (filters.length === 0) return true;
  if (m.date_sent === null) return false;
  const sent = Date.parse(m.date_sent);
  return filters.every((f) => {
    const [from, to] = bounds(q.get(f) ?? '');
    // The SDK's `DateSent>` and `DateSent<` arrive as "DateSent>=" and "DateSent<=": on or after, on or before.
    if (f === 'DateSent>') return sent >= from;
    if (f === 'DateSent<') return sent <= to;
    return sent >= from && sent <= to;
  });
}

/**
 * One page of the list, newest first. The next page continues after the last message of this one
 * (PageToken), so messages created meanwhile never shift or repeat a page.
 */
export function listPage(all: TwilioMessage[], listUri: string, q: URLSearchParams) {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(q.get('PageSize')) || DEFAULT_PAGE_SIZE));
  const page = Math.max(0, Number(q.get('Page')) || 0);
  const newestFirst = all.filter((m) => matches(m, q)).reverse();
  const token = q.get('PageToken');
  const after = token?.startsWith('PA') ? newestFirst.findIndex((m) => m.sid === token.slice(2)) + 1 : page * pageSize;
  const items = newestFirst.slice(after, after + pageSize);
  const filters = new URLSearchParams([...q].filter(([k]) => !['Page', 'PageSize', 'PageToken'].includes(k)));
  const uriFor = (n: number, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `${listUri}?${params.toString()}`;
  };
  const last = items[items.length - 1];
  const more = last !== undefined && after + items.length < newestFirst.length;
  return {
    messages: items.map(publicView),
    start: after,
    end: after + Math.max(0, items.length - 1),
    page,
    page_size: pageSize,
    uri: uriFor(page, token ? { PageToken: token } : {}),
    first_page_uri: uriFor(0),
    next_page_uri: more ? uriFor(page + 1, { PageToken: `PA${last.sid}` }) : null,
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
  };
}
