/**
 * How a request is named in a log line: its path, never its query string (sign-in tokens, a
 * customer's phone or email as a filter) and never the signed token of an answer link (`/c/…`),
 * which would let anyone reading the logs answer for the customer.
 */
import type { Request } from 'express';

export function loggedRequest(req: Request): string {
  return `${req.method} ${req.path.replace(/^\/c\/[^/]*/, '/c/[token]')}`;
}
