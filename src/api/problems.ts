/**
 * RFC 9457 problem details. Every error the API returns goes through here, so clients can rely
 * on one shape: `type`, `title`, `status`, `detail`, and for validation errors an `errors` list
 * with a JSON pointer per bad field.
 */
import type { Response } from 'express';
import type { z } from 'zod';

export interface FieldError {
  pointer: string;
  detail: string;
}

/** Thrown when a request must be answered with a problem document instead of a result. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Extension members (RFC 9457 §3.2), e.g. the `dependency` of a 503. */
    readonly extensions?: Record<string, unknown>,
    /** Response headers besides the content type, e.g. the `Location` of what a 409 is about. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  invalid: (errors: FieldError[], detail = 'The request has invalid fields; see errors.') =>
    new HttpProblem(400, '/problems/invalid-request', 'Invalid request', detail, errors),
  unauthorized: (detail = 'Send an API key as `Authorization: Bearer <key>`.') => new HttpProblem(401, '/problems/unauthorized', 'Unauthorized', detail),
  forbidden: (detail: string) => new HttpProblem(403, '/problems/forbidden', 'Forbidden', detail),
  notFound: (detail: string) => new HttpProblem(404, '/problems/not-found', 'Not found', detail),
  alreadyExists: (errors: FieldError[], detail = 'A value that must be unique is taken; see errors.') =>
    new HttpProblem(409, '/problems/already-exists', 'Already exists', detail, errors),
  /** Well-formed, but not possible for this resource (someone of another team named as its owner). */
  unprocessable: (errors: FieldError[], detail: string) => new HttpProblem(422, '/problems/unprocessable', 'Not possible as asked', detail, errors),
  conflict: (detail: string) => new HttpProblem(409, '/problems/invalid-transition', 'Not possible in the current state', detail),
  /** A create whose externalRef a commitment of the team still open carries: `existingId` and `Location` name it. */
  duplicateRef: (existingId: string, externalRef: string, teamName: string) =>
    new HttpProblem(
      409,
      '/problems/duplicate-external-ref',
      'Reference already promised',
      `Commitment ${existingId} of team ${teamName} is still open for ${externalRef}. Send "allowDuplicateRef": true to make a second commitment for it on purpose.`,
      [{ pointer: '/externalRef', detail: `already has a commitment still open (${existingId})` }],
      { existingId },
      { Location: `/v1/commitments/${existingId}` },
    ),
  idempotencyMismatch: () =>
    new HttpProblem(
      422,
      '/problems/idempotency-key-reused',
      'Idempotency-Key reused with a different request',
      'This Idempotency-Key was first used with a different body. Use a new key for a new commitment.',
    ),
  tooLarge: (limit: string) => new HttpProblem(413, '/problems/body-too-large', 'Request body too large', `The body must be at most ${limit}.`),
  unsupportedMediaType: () => new HttpProblem(415, '/problems/unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.'),
  /** RFC 6585: the caller went over a rate limit (./limits.ts); `retryAfter` seconds say when to come back. */
  tooManyRequests: (retryAfter: number, detail: string) =>
    new HttpProblem(429, '/problems/too-many-requests', 'Too many requests', detail, undefined, { retryAfter }),
  unavailable: (detail: string, dependency?: string) =>
    new HttpProblem(503, '/problems/dependency-unavailable', 'Service unavailable', detail, undefined, dependency ? { dependency } : undefined),
};

/** RFC 6901: `~` and `/` inside a segment are escaped. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** One entry per bad field; unknown keys get one entry each, at the key's own pointer. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ pointer: toPointer([...issue.path, key]), detail: 'is not a known field' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ pointer: toPointer(issue.path), detail: 'is required' }];
    }
    return [{ pointer: toPointer(issue.path), detail: issue.message }];
  });
}

/** A 503 tells the client when to come back (RFC 9110 §10.2.3): an outage outlasts a blip. */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(res: Response, p: HttpProblem, instance?: string): void {
  if (p.headers) res.set(p.headers);
  if (p.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
  const retryAfter = p.extensions?.retryAfter;
  if (p.status === 429) res.set('Retry-After', String(typeof retryAfter === 'number' ? retryAfter : RETRY_AFTER_SECONDS));
  res
    .status(p.status)
    .type('application/problem+json')
    .json({
      type: p.type,
      title: p.title,
      status: p.status,
      ...(p.detail ? { detail: p.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(p.errors ? { errors: p.errors } : {}),
      ...p.extensions,
    });
}
