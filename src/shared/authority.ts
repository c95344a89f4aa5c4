/**
 * Who may do what to a commitment: one table, asked by the API before it calls Temporal, by the
 * workflow's functional core as the last line (the read model can lag a hand-over by a moment),
 * and by the console to offer only what the API would take. Authority follows who holds the
 * commitment now (its owner, its chain, a supervisor of its team, an admin), never who created it.
 * Which status an action needs is the core's ALLOWED table; this one says who. Sandbox-safe: pure.
 */
import type { StaffContact } from './model';
import type { EscalationLevel } from './policy';
import type { Role } from './vocab';

export const AUTHORITY_ACTIONS = [
  'read',
  'note',
  'updateLog',
  'progress',
  'extend',
  'pause',
  'resume',
  'fulfil',
  'escalate',
  'cancel',
  'reassign',
  'transfer',
  'acknowledge',
  'attempt',
] as const;
export type AuthorityAction = (typeof AUTHORITY_ACTIONS)[number];

/**
 * How a caller stands to a commitment. Every caller has one standing (admin, a supervisor of its
 * team or of another, an agent of its team or of another) and any of the ties (owner now, owner
 * before, who registered it, in its escalation chain). A caller may act when any of these may.
 */
export const RELATIONS = ['owner', 'formerOwner', 'creator', 'chainMember', 'teamSupervisor', 'teamMate', 'otherTeamSupervisor', 'otherTeam', 'admin'] as const;
export type Relation = (typeof RELATIONS)[number];

/** `escalated`: the chain holds it until someone acknowledges; `held`: whoever owns it does (open, paused, closed). */
export const SITUATIONS = ['held', 'escalated'] as const;
export type Situation = (typeof SITUATIONS)[number];

const READERS: readonly Relation[] = ['owner', 'formerOwner', 'creator', 'chainMember', 'teamSupervisor', 'admin'];
const HOLDERS: readonly Relation[] = ['owner', 'teamSupervisor', 'admin'];
const OVERSEERS: readonly Relation[] = ['teamSupervisor', 'admin'];

/**
 * The table. Reading, notes and call-log corrections (they change nothing the customer hears or
 * when) are open to everyone tied to the commitment; speaking to the customer and changing its
 * deadline, owner or outcome are for whoever holds it. While escalated, its owner keeps notes,
 * the call log and updates to the customer, but cannot cancel or hand on what went over their head.
 */
export const WHO_MAY: Readonly<Record<Situation, Readonly<Record<AuthorityAction, readonly Relation[]>>>> = {
  held: {
    read: READERS,
    note: READERS,
    updateLog: READERS,
    progress: HOLDERS,
    extend: HOLDERS,
    pause: HOLDERS,
    resume: HOLDERS,
    fulfil: HOLDERS,
    escalate: HOLDERS,
    cancel: HOLDERS,
    reassign: HOLDERS,
    transfer: OVERSEERS,
    acknowledge: ['chainMember', 'admin'],
    attempt: HOLDERS,
  },
  escalated: {
    read: READERS,
    note: READERS,
    updateLog: READERS,
    progress: HOLDERS,
    extend: HOLDERS,
    pause: HOLDERS,
    resume: HOLDERS,
    fulfil: HOLDERS,
    escalate: HOLDERS,
    cancel: OVERSEERS,
    reassign: OVERSEERS,
    transfer: OVERSEERS,
    acknowledge: ['chainMember', 'admin'],
    attempt: HOLDERS,
  },
};

/**
 * Who asks. `teamId` undefined means the caller's team was not sent (an actor recorded by an API
 * from before actors carried it; that API checked the team): such a supervisor counts as the team's.
 */
export interface Caller {
  id: string;
  role: Role;
  teamId?: string | null;
}

/** The parts of a commitment authority depends on. */
export interface Holding {
  status: string;
  owner: StaffContact;
  createdBy?: string;
  formerOwnerIds?: string[];
  team?: { id: string; name: string };
  supervisor: { id: string };
  policy: { escalation: { levels: readonly EscalationLevel[] } };
  escalation?: { alerted: readonly { id: string }[] };
}

export const situationOf = (c: Pick<Holding, 'status'>): Situation => (c.status === 'escalated' ? 'escalated' : 'held');

/** The chain: everyone alerted in this escalation, each person its levels name, and its pinned supervisor. */
export function chainIds(c: Holding): string[] {
  const named = c.policy.escalation.levels.flatMap((l) => (l.target.kind === 'staff' ? [l.target.staff.id] : []));
  return [...(c.escalation?.alerted ?? []).map((a) => a.id), ...named, c.supervisor.id];
}

export function relationsOf(caller: Caller, c: Holding): Relation[] {
  // Commitments from before teams belong to every supervisor, as they always did.
  const ofTeam = !c.team || caller.teamId === undefined || caller.teamId === c.team.id;
  const agentStanding: Relation = c.team && caller.teamId === c.team.id ? 'teamMate' : 'otherTeam';
  const supervisorStanding: Relation = ofTeam ? 'teamSupervisor' : 'otherTeamSupervisor';
  const standing: Relation = caller.role === 'admin' ? 'admin' : caller.role === 'supervisor' ? supervisorStanding : agentStanding;
  const ties: Relation[] = [];
  if (c.owner.id === caller.id) ties.push('owner');
  else if (c.formerOwnerIds?.includes(caller.id)) ties.push('formerOwner');
  if (c.createdBy === caller.id) ties.push('creator');
  if (chainIds(c).includes(caller.id)) ties.push('chainMember');
  return [...ties, standing];
}

export const mayTake = (action: AuthorityAction, relations: readonly Relation[], situation: Situation): boolean =>
  WHO_MAY[situation][action].some((r) => relations.includes(r));

const VERBS: Record<AuthorityAction, string> = {
  read: 'see it',
  note: 'add notes to it',
  updateLog: 'correct its call log',
  progress: 'send the customer an update',
  extend: 'extend it',
  pause: 'pause it',
  resume: 'resume it',
  fulfil: 'fulfil it',
  escalate: 'escalate it',
  cancel: 'cancel it',
  reassign: 'reassign it',
  transfer: 'move it to another team',
  acknowledge: 'acknowledge it',
  attempt: 'log a callback attempt',
};

/** Words for a relation, as the people who may act: "its owner (Lee Chan)". */
function whoIs(r: Relation, c: Holding): string {
  const team = c.team ? `team ${c.team.name}` : 'the team';
  const words: Partial<Record<Relation, string>> = {
    owner: `its owner (${c.owner.name})`,
    formerOwner: 'whoever held it before',
    creator: 'whoever registered it',
    chainMember: 'someone in its escalation chain',
    teamSupervisor: `a supervisor of ${team}`,
    admin: 'an admin',
  };
  return words[r] ?? r;
}

const list = (items: string[]) => (items.length < 2 ? (items[0] ?? 'nobody') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/** Why this caller may not: what they are to it, said plainly (nothing to say to an owner who asks too much). */
function why(relations: readonly Relation[], action: AuthorityAction, c: Holding): string {
  const holder = c.owner.name;
  if (action === 'acknowledge') return "You are not in this commitment's escalation chain. ";
  const overHead = 'It is escalated: it went over your head, and the chain holds it until someone acknowledges it. ';
  if (relations.includes('owner')) return situationOf(c) === 'escalated' ? overHead : '';
  if (relations.includes('formerOwner')) return `You handed this commitment on; ${holder} holds it now. `;
  if (relations.includes('creator')) return `You registered this commitment, but ${holder} holds it now. `;
  if (relations.includes('chainMember')) return `You are in its escalation chain, but ${holder} holds it now. `;
  const theirs = c.team ? `team ${c.team.name}` : 'another team';
  if (relations.includes('otherTeamSupervisor')) return `This commitment belongs to ${theirs}, not yours. `;
  return `This commitment is ${holder}'s. `;
}

/**
 * Undefined when the caller may take the action; else a sentence naming why and who may, for a
 * 403 (the API) or a refusal (the core).
 */
export function refusalFor(caller: Caller, c: Holding, action: AuthorityAction): string | undefined {
  const situation = situationOf(c);
  const relations = relationsOf(caller, c);
  if (mayTake(action, relations, situation)) return undefined;
  return `${why(relations, action, c)}Only ${list(WHO_MAY[situation][action].map((r) => whoIs(r, c)))} can ${VERBS[action]}.`;
}
