/**
 * The console's pages, and where a sign-in may lead afterwards. `next` comes from a query string
 * anyone can write, so only our own page paths are honoured: never another origin, never `//host`.
 */
import { COMMITMENT_ID_SOURCE } from '../shared/contract/commitment-id';
import { DIRECTORY_ID } from '../people/model';
import { SUBSCRIPTION_ID_SOURCE } from '../events/ids';

/** Supervisors and admins only. The events page shows admins every subscription, a supervisor their team's. */
export const OVERSIGHT_PAGES = ['/board', '/reports', '/events'] as const;
/** Everyone signed in. The calendars are everyone's to read (an agent promising "by close of business" should see what it means); admins change them. */
export const STAFF_PAGES = ['/mine', '/new', '/calendars'] as const;
/** One calendar's page, /calendars/{id}: everyone's to read too. An id is a directory id (a slug). */
export const CALENDAR_PAGE_ROUTE = '/calendars/:calendar';
/** One event subscription's page, /events/{id}: supervisors and admins, as /events is. */
export const SUBSCRIPTION_PAGE_ROUTE = '/events/:subscription';

const CALENDAR_ID_SOURCE = DIRECTORY_ID.source.replace(/^\^|\$$/g, '');
const COMMITMENT_PAGE = new RegExp(`^/commitments/${COMMITMENT_ID_SOURCE}$`);
const CALENDAR_PAGE = new RegExp(`^/calendars/(${CALENDAR_ID_SOURCE})$`);
const SUBSCRIPTION_PAGE = new RegExp(`^/events/(${SUBSCRIPTION_ID_SOURCE})$`);
const NEXT = new RegExp(
  `^/(?:board|reports|mine|new|events(?:/${SUBSCRIPTION_ID_SOURCE})?|calendars(?:/${CALENDAR_ID_SOURCE})?|commitments/${COMMITMENT_ID_SOURCE}(?:\\?do=acknowledge)?)?$`,
);

export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && raw.length <= 200 && NEXT.test(raw) ? raw : '/';
}

export const isCommitmentPage = (path: string): boolean => COMMITMENT_PAGE.test(path);
/** The calendar's id when `path` is a calendar's page. */
export const calendarOfPage = (path: string): string | undefined => CALENDAR_PAGE.exec(path)?.[1];
/** The subscription's id when `path` is an event subscription's page. */
export const subscriptionOfPage = (path: string): string | undefined => SUBSCRIPTION_PAGE.exec(path)?.[1];
/** Whether `path` is for supervisors and admins only: an OVERSIGHT_PAGES page, or anything under /events. */
export const isOversightPage = (path: string): boolean => (OVERSIGHT_PAGES as readonly string[]).includes(path) || path.startsWith('/events/');
