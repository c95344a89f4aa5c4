/**
 * Which person a level of a team's escalation policy points at, decided when the level is reached
 * (as PagerDuty does): a named staff member, the team's supervisor as the directory has them now,
 * or whoever is on call in a rotation at that instant. Pure and sandbox-safe; the caller loads the
 * directory rows (./levels.ts does, for the activity).
 *
 * Someone inactive (or no longer in the directory) is skipped in favour of the team's supervisor,
 * and the result says so, so the timeline can tell the customer's story truthfully.
 */
import type { DirectoryLevelTarget, Rotation, RotationOverride, StaffMember, Team } from './model';
import { onCallDetail } from './rotation';

export interface DirectoryLookups {
  staff(id: string): StaffMember | undefined;
  rotation(id: string): { rotation: Rotation; overrides: readonly RotationOverride[] } | undefined;
}

export type StandInReason = 'inactive' | 'unknown-staff' | 'unknown-rotation';

export interface ResolvedLevel {
  staff: StaffMember;
  /** How they were found: named, the team's supervisor, on call by schedule or by override. */
  via: 'staff' | 'supervisor' | 'rotation' | 'override';
  /** Set when the team's supervisor stands in for whom the level pointed at. */
  standIn?: { reason: StandInReason; staffId?: string; rotationId?: string };
  /** One sentence for the timeline: who, and why them. */
  detail: string;
}

export interface UnresolvedLevel {
  staff: null;
  /** Why nobody can be alerted at this level (the caller moves on to the next). */
  detail: string;
}

export type LevelResolution = ResolvedLevel | UnresolvedLevel;

const STAND_IN_WHY: Record<StandInReason, (subject: string) => string> = {
  inactive: (s) => `${s} is inactive`,
  'unknown-staff': (s) => `staff member ${s} is not in the directory`,
  'unknown-rotation': (s) => `rotation ${s} is not in the directory`,
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function teamSupervisor(team: Team, lookups: DirectoryLookups, standIn?: ResolvedLevel['standIn'], subject?: string): LevelResolution {
  const why = standIn ? `${STAND_IN_WHY[standIn.reason](subject ?? '')}, so ` : '';
  const supervisor = team.supervisorId ? lookups.staff(team.supervisorId) : undefined;
  if (!supervisor) return { staff: null, detail: sentence(`${why}nobody can be alerted: team ${team.name} has no supervisor in the directory.`) };
  if (!supervisor.active)
    return { staff: null, detail: sentence(`${why}nobody can be alerted: ${supervisor.name}, the supervisor of ${team.name}, is inactive.`) };
  return {
    staff: supervisor,
    via: 'supervisor',
    ...(standIn ? { standIn } : {}),
    detail: sentence(
      standIn ? `${why}${supervisor.name}, the supervisor of ${team.name}, stands in.` : `${supervisor.name} is the supervisor of ${team.name}.`,
    ),
  };
}

export function resolveLevelTarget(team: Team, target: DirectoryLevelTarget, at: Date, lookups: DirectoryLookups): LevelResolution {
  if (target.kind === 'supervisor') return teamSupervisor(team, lookups);
  if (target.kind === 'staff') {
    const person = lookups.staff(target.staffId);
    if (person?.active) return { staff: person, via: 'staff', detail: `${person.name} is named in the policy of ${team.name}.` };
    return teamSupervisor(team, lookups, { reason: person ? 'inactive' : 'unknown-staff', staffId: target.staffId }, person?.name ?? target.staffId);
  }
  const found = lookups.rotation(target.rotationId);
  if (!found) return teamSupervisor(team, lookups, { reason: 'unknown-rotation', rotationId: target.rotationId }, target.rotationId);
  const onCall = onCallDetail(found.rotation, found.overrides, at);
  const person = lookups.staff(onCall.staffId);
  if (!person?.active) {
    return teamSupervisor(
      team,
      lookups,
      { reason: person ? 'inactive' : 'unknown-staff', staffId: onCall.staffId, rotationId: found.rotation.id },
      `${person?.name ?? onCall.staffId}, on call in ${found.rotation.name},`,
    );
  }
  const how = onCall.source === 'override' ? 'by an override' : 'by the schedule';
  return {
    staff: person,
    via: onCall.source === 'override' ? 'override' : 'rotation',
    detail: `${person.name} is on call in ${found.rotation.name} ${how} until ${onCall.to.toISOString()}.`,
  };
}
