/**
 * The staff directory's REST API under /v1: staff, teams, rotations and keys. Errors of the
 * directory's writers are answered here with the request's own JSON pointers: a taken value is
 * 409, a reference to something that is not there 400, the last admin 409.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { DirectoryConflictError, DirectoryReferenceError, LastAdminError } from '../../db/directory/errors';
import type { Authenticator } from '../auth';
import { problems } from '../problems';
import { keysRouter } from './keys';
import { rotationsRouter } from './rotations';
import { staffRouter } from './staff';
import { teamsRouter } from './teams';

export interface DirectoryDeps {
  db: Pool;
  /** Cached key lookups are forgotten after a revocation or a change to a person. */
  auth: Pick<Authenticator, 'forget'>;
  /**
   * Called once a staff member's deactivation is recorded, before the answer: the seam where their
   * open commitments are handed over. A failure is answered 500 (the deactivation stays recorded).
   */
  onDeactivated?: (staffId: string) => Promise<void>;
  clock?: () => Date;
}

function directoryProblem(err: unknown, _req: Request, _res: Response, next: NextFunction): void {
  if (err instanceof DirectoryConflictError) return next(problems.alreadyExists(err.errors));
  if (err instanceof DirectoryReferenceError) return next(problems.invalid(err.errors));
  if (err instanceof LastAdminError) return next(problems.conflict(err.message));
  next(err);
}

export function directoryRouter(deps: DirectoryDeps): Router {
  const full: Required<DirectoryDeps> = { onDeactivated: async () => {}, clock: () => new Date(), ...deps };
  const router = Router();
  router.use(staffRouter(full), teamsRouter(full), rotationsRouter(full), keysRouter(full));
  router.use(directoryProblem);
  return router;
}
