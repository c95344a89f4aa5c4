/**
 * The console's pages, and where a sign-in may lead afterwards. `next` comes from a query string
 * anyone can write, so only our own page paths are honoured: never another origin, never `//host`.
 */
import { COMMITMENT_ID_SOURCE } from '../shared/contract/commitment-id';

/** Supervisors and admins only. */
export const OVERSIGHT_PAGES = ['/board', '/reports'] as const;
/** Everyone signed in. */
export const STAFF_PAGES = ['/mine', '/new'] as const;

const COMMITMENT_PAGE = new RegExp(`^/commitments/${COMMITMENT_ID_SOURCE}$`);
const NEXT = new RegExp(`^/(?:board|reports|mine|new|commitments/${COMMITMENT_ID_SOURCE}(?:\\?do=acknowledge)?)?$`);

export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && raw.length <= 200 && NEXT.test(raw) ? raw : '/';
}

export const isCommitmentPage = (path: string): boolean => COMMITMENT_PAGE.test(path);
