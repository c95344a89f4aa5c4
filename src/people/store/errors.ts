/**
 * What the directory's writers throw when a request cannot be stored as asked. Each names the
 * fields at fault by JSON pointer into the request (`/email`, `/members/1`), so the API answers
 * with the same pointers as for a malformed field, and the CLI can name the flag.
 */
import type { DatabaseError } from 'pg';

export interface DirectoryFieldError {
  pointer: string;
  detail: string;
}

/** Thrown when a value must be unique and is taken: an id, an email, an active person's phone. */
export class DirectoryConflictError extends Error {
  override readonly name = 'DirectoryConflictError';
  constructor(readonly errors: DirectoryFieldError[]) {
    super(errors.map((e) => `${e.pointer} ${e.detail}`).join('; '));
  }
}

/** Thrown when a request names a team, staff member or rotation that is not there (or not usable). */
export class DirectoryReferenceError extends Error {
  override readonly name = 'DirectoryReferenceError';
  constructor(readonly errors: DirectoryFieldError[]) {
    super(errors.map((e) => `${e.pointer} ${e.detail}`).join('; '));
  }
}

/** Thrown when a change would leave the directory without an active admin, and so without a way back in. */
export class LastAdminError extends Error {
  override readonly name = 'LastAdminError';
}

/**
 * Translates a Postgres constraint violation into one of the errors above by constraint name;
 * anything else is rethrown as it is. The checks in the writers come first, so these are the
 * backstop for two requests racing each other.
 */
export function constraintError(err: unknown, byConstraint: Record<string, DirectoryFieldError>): never {
  const e = err as Partial<DatabaseError>;
  const known = e.constraint ? byConstraint[e.constraint] : undefined;
  if (known && e.code === '23505') throw new DirectoryConflictError([known]);
  if (known && (e.code === '23503' || e.code === '23514')) throw new DirectoryReferenceError([known]);
  throw err;
}
