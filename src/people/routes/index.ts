/**
 * The staff directory's REST API under /v1: staff, teams, rotations and keys, as routes of the
 * table (src/api/routes.ts). Errors of the directory's writers become problems in app.ts: a taken
 * value is 409, a reference to something that is not there 400, the last admin 409.
 */
import { DirectoryConflictError, DirectoryReferenceError, LastAdminError } from '../store/errors';
import { problems, type HttpProblem } from '../../api/problems';
import type { AnyRoute } from '../../api/route';
import { keyRoutes } from './keys';
import { rotationRoutes } from './rotations';
import { staffRoutes } from './staff';
import { teamRoutes } from './teams';

export const directoryRoutes: AnyRoute[] = [...staffRoutes, ...teamRoutes, ...rotationRoutes, ...keyRoutes];

export function directoryProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof DirectoryConflictError) return problems.alreadyExists(err.errors);
  if (err instanceof DirectoryReferenceError) return problems.invalid(err.errors);
  if (err instanceof LastAdminError) return problems.conflict(err.message);
  return undefined;
}
