/**
 * Who a new commitment is between, taken from the directory rather than from what the request
 * says: the owner (the caller, or a team mate where the team allows it), the owner's team and its
 * supervisor, and the team's escalation policy, pinned into the commitment as it stands today;
 * and, by the same rules, who it may be handed to in its team (reassign) or in another (transfer).
 * Who is on call in a rotation is left to the moment its level is reached.
 */
import type { Pool } from 'pg';
import { findRotation } from './store/rotations';
import { findStaff, findStaffByIds, type StaffRecord } from './store/staff';
import { findTeam, type TeamRecord } from './store/teams';
import type { Team, TeamPolicyLevel } from './model';
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
  /** The team's word on its customers: their language when a commitment names none, and how far state texting rules reach. */
  customers: Pick<Team, 'customerLocale' | 'stateTextingRules'>;
}

/**
 * Why the parties cannot be settled: `forbidden` (403), `invalid` (400 at `pointer`, `/ownerId`
 * unless it says otherwise), or `elsewhere` (422 at `/ownerId`: someone of another team).
 */
export type PartiesRefusal = { refused: 'forbidden' | 'invalid' | 'elsewhere'; detail: string; pointer?: string };

/** What a commitment pins from its team: the team, its supervisor and its escalation chain as they stand now. */
type Pinned = Omit<Parties, 'owner'>;

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
  const named = await findStaffByIds(
    db,
    levels.flatMap((l) => (l.target.kind === 'staff' ? [l.target.staffId] : [])),
  );
  const targetOf = async (target: TeamPolicyLevel['target']): Promise<EscalationLevel['target']> => {
    if (target.kind === 'supervisor') return { kind: 'supervisor' };
    if (target.kind === 'rotation') {
      const rotation = await findRotation(db, target.rotationId);
      return { kind: 'rotation', rotationId: target.rotationId, name: rotation?.name ?? target.rotationId };
    }
    const person = named.find((s) => s.id === target.staffId);
    // Someone since removed: the level still names them; the directory decides when it is reached.
    return { kind: 'staff', staff: person ? contactOf(person) : { id: target.staffId, name: target.staffId } };
  };
  return Promise.all(
    levels.map(async ({ target, ackWithinMs, businessHoursOnly, ackClock }): Promise<EscalationLevel> => ({
      target: await targetOf(target),
      ackWithinMs,
      // Pinned only when true, so a level without it pins exactly as before it existed.
      ...(businessHoursOnly === true ? { businessHoursOnly: true } : {}),
      ...(ackClock === 'business' ? { ackClock: 'business' as const } : {}),
    })),
  );
}

/** The team's supervisor and chain, pinned as they stand now; refused when a lapse would reach nobody. */
async function pinTeam(db: Pool, team: TeamRecord): Promise<Pinned | PartiesRefusal> {
  const lead = team.supervisorId ? await findStaff(db, team.supervisorId) : undefined;
  if (!lead) return { refused: 'invalid', detail: `Team ${team.name} has no supervisor, so a lapse would reach nobody: give it one first.` };
  const { attemptsBeforePrompt } = team.policy;
  const escalation = {
    levels: await levelsOf(db, team.policy.levels),
    repeat: team.policy.repeat,
    ...(attemptsBeforePrompt !== undefined ? { attemptsBeforePrompt } : {}),
  };
  const customers = { customerLocale: team.customerLocale, stateTextingRules: team.stateTextingRules };
  return { supervisor: contactOf(lead), team: { id: team.id, name: team.name }, escalation, customers };
}

export async function partiesFor(db: Pool, caller: Caller, ownerId: string = caller.staffId): Promise<Parties | PartiesRefusal> {
  const owner = await findStaff(db, ownerId);
  if (!owner || !owner.active) return { refused: 'invalid', detail: `${ownerId} is not an active member of staff.` };
  if (!owner.teamId) return { refused: 'invalid', detail: `${owner.name} belongs to no team, so no escalation policy applies: put them in a team first.` };
  const team = await findTeam(db, owner.teamId);
  if (!team) return { refused: 'invalid', detail: `${owner.name}'s team ${owner.teamId} is not in the directory.` };
  if (!mayCreateFor(caller, owner, team)) {
    const sameTeam = owner.teamId === caller.teamId;
    const detail =
      caller.role !== 'agent'
        ? `${owner.name} is not in your team.`
        : sameTeam
          ? `Team ${team.name} does not let agents register commitments for team mates.`
          : `Agents register commitments for themselves or team mates, and ${owner.name} is in another team.`;
    return { refused: 'forbidden', detail };
  }
  const pinned = await pinTeam(db, team);
  return 'refused' in pinned ? pinned : { owner: contactOf(owner), ...pinned };
}

/**
 * Who a commitment may be handed to by `caller` (its owner, a supervisor of its team or an admin):
 * an active member of its team, as create decides who may be named. Moving it to another team is
 * a transfer. Commitments from before teams go to any active member of staff, as they always did.
 */
export async function reassignTarget(db: Pool, caller: Caller, team: TeamRef | undefined, ownerId: string): Promise<StaffContact | PartiesRefusal> {
  const owner = await findStaff(db, ownerId);
  if (!owner?.active) return { refused: 'invalid', detail: `${ownerId} is not an active member of staff.` };
  if (!team) return contactOf(owner);
  const current = await findTeam(db, team.id);
  if (owner.teamId !== team.id || !current) {
    const there = owner.teamId ? `team ${owner.teamId}` : 'another team';
    const detail =
      `${owner.name} is not in team ${team.name}, whose commitment this is. To move it to ${there}, ` +
      `a supervisor of team ${team.name} or an admin transfers it (POST /v1/commitments/{id}/transfer).`;
    return { refused: 'elsewhere', detail };
  }
  if (!mayCreateFor(caller, owner, current)) {
    const detail = `Team ${team.name} does not let agents hand commitments to team mates; a supervisor of the team can reassign it.`;
    return { refused: 'forbidden', detail };
  }
  return contactOf(owner);
}

/** A transfer's new parties: the target team pinned as a create would pin it, and its owner (default: its supervisor). */
export async function transferParties(db: Pool, teamId: string, ownerId: string | undefined): Promise<Parties | PartiesRefusal> {
  const team = await findTeam(db, teamId);
  if (!team) return { refused: 'invalid', detail: `No team has the id ${teamId}.`, pointer: '/teamId' };
  const pinned = await pinTeam(db, team);
  if ('refused' in pinned) return { ...pinned, pointer: '/teamId' };
  const owner = ownerId === undefined ? await findStaff(db, pinned.supervisor.id) : await findStaff(db, ownerId);
  if (!owner?.active) return { refused: 'invalid', detail: `${ownerId ?? pinned.supervisor.id} is not an active member of staff.` };
  if (owner.teamId !== team.id) {
    const detail = `${owner.name} is not in team ${team.name}: name someone of that team, or leave ownerId out for its supervisor.`;
    return { refused: 'invalid', detail };
  }
  return { owner: contactOf(owner), ...pinned };
}
