/**
 * Who may read and write the directory. Admins write everything; a supervisor reads their own
 * team (its staff, the team, its rotations); everyone reads their own staff record. Refusals are
 * 403s that say why, so a caller never mistakes "not yours" for "not there".
 */
import type { Principal } from '../../api/auth';
import { problems } from '../../api/problems';

export function assertAdmin(p: Principal, what: string): void {
  if (p.role !== 'admin') throw problems.forbidden(`${what} is for admins; this API key belongs to ${p.staffId}, a ${p.role}.`);
}

export const mayReadTeam = (p: Principal, teamId: string | null): boolean =>
  p.role === 'admin' || (p.role === 'supervisor' && teamId !== null && p.teamId === teamId);

export function assertMayReadTeam(p: Principal, teamId: string | null, what: string): void {
  if (mayReadTeam(p, teamId)) return;
  throw problems.forbidden(
    p.role === 'supervisor'
      ? `${what} belongs to team ${teamId ?? '(none)'}; supervisors read their own team (${p.teamId ?? 'none'}).`
      : `${what} is for admins and the team's supervisors.`,
  );
}

export function assertMayReadStaff(p: Principal, staff: { id: string; teamId: string | null }): void {
  if (staff.id === p.staffId) return;
  assertMayReadTeam(p, staff.teamId, `Staff member ${staff.id}`);
}

/**
 * The team a list is narrowed to: an admin's choice (or none, for all), a supervisor's own team
 * (asking for another is refused, not answered with an empty list), nothing for agents.
 */
export function listScope(p: Principal, asked: string | undefined, what: string): string | undefined {
  if (p.role === 'admin') return asked;
  if (p.role === 'supervisor' && p.teamId !== null && (asked === undefined || asked === p.teamId)) return p.teamId;
  if (p.role === 'supervisor') throw problems.forbidden(`Supervisors list ${what} of their own team (${p.teamId ?? 'none'}), not of ${asked ?? 'every team'}.`);
  throw problems.forbidden(`Listing ${what} is for admins and supervisors; agents read their own record at /v1/staff/me.`);
}
