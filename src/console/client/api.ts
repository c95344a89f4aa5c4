/**
 * The console talks to the same /v1 API as every other client, authenticated by its session
 * cookie; every change carries the session's CSRF token. Errors arrive as RFC 9457 problems and
 * are thrown as ApiError, with a message per field where the API named fields.
 */
import { csrfToken } from './boot';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
  /** A create's 409: the commitment still open for the same externalRef. */
  existingId?: string;
}

/** Thrown when the API answers with a problem. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
  /** "/body/reason" or "/reason" → "reason": the form field each error is about. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const name = e.pointer.split('/').filter(Boolean).pop() ?? '';
      out[name] ??= e.detail;
    }
    return out;
  }
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 401) {
    // The session ended (signed out elsewhere, idle, or a week old): sign in again and come back.
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new ApiError({ title: 'Signed out', status: 401, detail: 'Your session ended; sign in again.' });
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError((parsed as Problem | undefined) ?? { title: res.statusText, status: res.status });
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown, headers?: Record<string, string>) => api<T>('POST', path, body, headers);
