/**
 * Who a new commitment is between, taken from the directory rather than from what the request
 * says: the owner (the caller, or a team mate where the team allows it), the owner's team and its
 * supervisor, and the team's escalation policy, pinned into the commitment as it stands today.
 * Who is on call in a rotation is left to the moment its level is reached.
 */
import type { Pool } from 'pg';
import { findRotation } from '../db/directory/rotations';
import { findStaff, findStaffByIds, type StaffRecord } from '../db/directory/staff';
import { findTeam, type TeamRecord } from '../db/directory/teams';
import type { TeamPolicyLevel } from '../shared/directory';
import type { EscalationLevel, EscalationPolicy, StaffContact, TeamRef } from '../shared/model';

export interface Caller {
  staffId: string;
  role: 'agent' | 'supervisor' | 'admin';
  teamId: string | null;
}

export interface Parties {
  owner: StaffContact;
  supervisor: StaffContact;
  team: TeamRef;
  escalation: EscalationPolicy;
}

/** Why the parties cannot be settled: `forbidden` (403) or `invalid` (400 at `/ownerId`). */
export type PartiesRefusal = { refused: 'forbidden' | 'invalid'; detail: string };

export const contactOf = (s: Pick<StaffRecord, 'id' | 'name' | 'email' | 'phone'>): StaffContact => ({
  id: s.id,
  name: s.name,
  ...(s.email ? { email: s.email } : {}),
  ...(s.phone ? { phone: s.phone } : {}),
});

/** May `caller` make a promise on `owner`'s behalf? Agents for themselves, or team mates if the team allows it. */
function mayCreateFor(caller: Caller, owner: StaffRecord, team: TeamRecord): boolean {
  if (caller.role === 'admin' || caller.staffId === owner.id) return true;
  if (owner.teamId !== caller.teamId) return false;
  return caller.role === 'supervisor' || team.agentsMayCreateForTeammates;
}

async function levelsOf(db: Pool, levels: readonly TeamPolicyLevel[]): Promise<EscalationLevel[]> {
  const named = await findStaffByIds(db, levels.flatMap((l) => (l.target.kind === 'staff' ? [l.target.staffId] : [])));
  return Promise.all(
    levels.map(async ({ target, ackWithinMs }): Promise<EscalationLevel> => {
      if (target.kind === 'supervisor') return { target: { kind: 'supervisor' }, ackWithinMs };
      if (target.kind === 'rotation') {
        const rotation = await findRotation(db, target.rotationId);
        return { target: { kind: 'rotation', rotationId: target.rotationId, name: rotation?.name ?? target.rotationId }, ackWithinMs };
      }
      const person = named.find((s) => s.id === target.staffId);
      // Someone since removed: the level still names them; the directory decides when it is reached.
      return { target: { kind: 'staff', staff: person ? contactOf(person) : { id: target.staffId, name: target.staffId } }, ackWithinMs };
    }),
  );
}

export async function partiesFor(db: Pool, caller: Caller, ownerId: string = caller.staffId): Promise<Parties | PartiesRefusal> {
  const owner = await findStaff(db, ownerId);
  if (!owner || !owner.active) return { refused: 'invalid', detail: `${ownerId} is not an active member of staff.` };
  if (!owner.teamId) return { refused: 'invalid', detail: `${owner.name} belongs to no team, so no escalation policy applies: put them in a team first.` };
  const team = await findTeam(db, owner.teamId);
  if (!team) return { refused: 'invalid', detail: `${owner.name}'s team ${owner.teamId} is not in the directory.` };
  if (!mayCreateFor(caller, owner, team)) {
    const sameTeam = owner.teamId === caller.teamId;
    const detail = caller.role !== 'agent' ? `${owner.name} is not in your team.` : sameTeam ? `Team ${team.name} does not let agents register commitments for team mates.` : `Agents register commitments for themselves or team mates, and ${owner.name} is in another team.`;
    return { refused: 'forbidden', detail };
  }
  const lead = team.supervisorId ? await findStaff(db, team.supervisorId) : undefined;
  if (!lead) return { refused: 'invalid', detail: `Team ${team.name} has no supervisor, so a lapse would reach nobody: give it one first.` };
  return {
    owner: contactOf(owner),
    supervisor: contactOf(lead),
    team: { id: team.id, name: team.name },
    escalation: { levels: await levelsOf(db, team.policy.levels), repeat: team.policy.repeat },
  };
}
