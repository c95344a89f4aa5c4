/**
 * The directory side of resolving an escalation level: loads the rows the pure resolver needs
 * (src/people/level-target.ts) and asks it. For an activity to call when a level is reached.
 */
import type { EscalationTarget } from '../model';
import { resolveLevelTarget, type LevelResolution } from '../level-target';
import { listOverrides, findRotation } from './rotations';
import type { Queryable } from './sql';
import { findStaffByIds } from './staff';
import { findTeam } from './teams';

/** Undefined when the team itself is gone (teams are never deleted, so only a wrong id). */
export async function resolveLevelFromDirectory(db: Queryable, teamId: string, target: EscalationTarget, at: Date): Promise<LevelResolution | undefined> {
  const team = await findTeam(db, teamId);
  if (!team) return undefined;
  const rotation = target.kind === 'rotation' ? await findRotation(db, target.rotationId) : undefined;
  const overrides = rotation ? await listOverrides(db, rotation.id, new Date(at.getTime() - 1)) : [];
  // Everyone the resolver could ask about: the named person, the supervisor, the rotation's people.
  const ids = [team.supervisorId, target.kind === 'staff' ? target.staffId : undefined, ...(rotation?.members ?? []), ...overrides.map((o) => o.staffId)];
  const people = await findStaffByIds(db, ids.filter((id): id is string => typeof id === 'string'));
  return resolveLevelTarget(team, target, at, {
    staff: (id) => people.find((p) => p.id === id),
    rotation: (id) => (rotation && rotation.id === id ? { rotation, overrides } : undefined),
  });
}
