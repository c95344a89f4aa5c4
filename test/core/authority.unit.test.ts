/**
 * Who may do what to a commitment: every action × every relation × every situation, against the
 * authority table written out below (so the table cannot change unnoticed) and against what the
 * functional core decides for the same caller (status first, then who, then the command's own rules).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUTHORITY_ACTIONS,
  mayTake,
  refusalFor,
  relationsOf,
  SITUATIONS,
  WHO_MAY,
  type AuthorityAction,
  type Relation,
  type Situation,
} from '../../src/shared/authority';
import type { Actor, CommitmentState, StaffContact } from '../../src/shared/contract';
import { ALLOWED, decide, type Command } from '../../src/core';
import { ANA, commitment, DANA, DUE_AT, iso, LEE, NEXT_SEQ, NOW, OLGA, RAJ } from '../support/states';

const SUPPORT = { id: 'support', name: 'Support' };
const DUE = Date.parse(DUE_AT);
const KIM: StaffContact = { id: 'agent-kim', name: 'Kim Nguyen', email: 'kim@support.example' };
const staff = (who: StaffContact, role: Actor['role'], teamId: string | null): Actor => ({ kind: 'staff', id: who.id, name: who.name, role, teamId });

/** One caller for each relation, with no other tie to the commitment built below. */
const PERSONAS: Record<Relation, Actor> = {
  owner: staff(LEE, 'agent', 'support'),
  formerOwner: staff(KIM, 'agent', 'support'),
  creator: staff(DANA, 'agent', 'support'),
  // Raj is named at the chain's second level, and supervises another team.
  chainMember: staff(RAJ, 'supervisor', 'retail'),
  teamSupervisor: staff({ id: 'sup-zoe', name: 'Zoe Lind' }, 'supervisor', 'support'),
  teamMate: staff({ id: 'agent-max', name: 'Max Weber' }, 'agent', 'support'),
  otherTeamSupervisor: staff(OLGA, 'supervisor', 'retail'),
  otherTeam: staff({ id: 'agent-pia', name: 'Pia Roth' }, 'agent', 'retail'),
  admin: staff({ id: 'admin-alex', name: 'Alex Moreau' }, 'admin', null),
};

/** The table as the docs state it (docs/security.md): who may, per situation and action. */
const READERS: Relation[] = ['owner', 'formerOwner', 'creator', 'chainMember', 'teamSupervisor', 'admin'];
const HOLDERS: Relation[] = ['owner', 'teamSupervisor', 'admin'];
const OVERSEERS: Relation[] = ['teamSupervisor', 'admin'];
const HELD: Record<AuthorityAction, Relation[]> = {
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
};
const EXPECTED: Record<Situation, Record<AuthorityAction, Relation[]>> = { held: HELD, escalated: { ...HELD, cancel: OVERSEERS, reassign: OVERSEERS } };

/** Registered by Dana for Kim, who handed it to Lee: Lee owns it, Kim held it before, Dana registered it. */
const open = (): CommitmentState => {
  const made = commitment({ team: SUPPORT, owner: KIM, createdBy: DANA.id });
  const out = decide(made, { type: 'reassign', actor: PERSONAS.formerOwner, owner: LEE, handoffNote: 'Lee has the bank contact' }, { now: NOW, nextSeq: 1 });
  if (!out.ok) throw new Error(out.reason);
  return out.state;
};
const then = (s: CommitmentState, command: Command, at: number): CommitmentState => {
  const out = decide(s, command, { now: at, nextSeq: NEXT_SEQ });
  if (!out.ok) throw new Error(out.reason);
  return out.state;
};
const escalated = () => then(then(open(), { type: 'lapse' }, DUE), { type: 'levelReached', contact: ANA }, DUE + 1000);
const paused = () => then(open(), { type: 'pause', actor: PERSONAS.owner, reason: 'Waiting for the receipt' }, NOW);
const fulfilled = () => then(open(), { type: 'fulfil', actor: PERSONAS.owner, resolution: 'Refunded' }, NOW);

const STATES: { name: string; situation: Situation; state: () => CommitmentState; at: number }[] = [
  { name: 'open', situation: 'held', state: open, at: NOW + 60_000 },
  { name: 'paused', situation: 'held', state: paused, at: NOW + 60_000 },
  { name: 'fulfilled', situation: 'held', state: fulfilled, at: NOW + 60_000 },
  { name: 'escalated', situation: 'escalated', state: escalated, at: DUE + 60_000 },
];

/** The command each action is, as the given caller sends it. */
function commandFor(action: Exclude<AuthorityAction, 'read'>, actor: Actor): Command {
  const later = iso(DUE + 24 * 3600_000);
  const commands: Record<typeof action, Command> = {
    note: { type: 'note', actor, author: actor.name, text: 'Called, no answer' },
    updateLog: { type: 'updateLog', actor, changes: { rootCause: 'staffing_gap' } },
    progress: { type: 'progress', actor, text: 'The refund is approved' },
    attempt: { type: 'attempt', actor, outcome: 'no_answer' },
    extend: { type: 'extend', actor, dueAt: later, reason: 'The bank needs a day' },
    pause: { type: 'pause', actor, reason: 'Waiting for the receipt' },
    resume: { type: 'resume', actor },
    fulfil: { type: 'fulfil', actor, resolution: 'Refunded' },
    escalate: { type: 'escalate', actor, reason: 'safety', note: 'A gas smell' },
    cancel: { type: 'cancel', actor, reason: 'Duplicate entry', notifyCustomer: true },
    reassign: { type: 'reassign', actor, owner: DANA, handoffNote: 'Over to Dana' },
    transfer: {
      type: 'transfer',
      actor,
      team: { id: 'retail', name: 'Retail' },
      supervisor: OLGA,
      owner: OLGA,
      escalation: { levels: [], repeat: 0 },
      note: 'A store purchase',
    },
    acknowledge: { type: 'acknowledge', actor, by: actor.id ?? '', dueAt: later },
  };
  return commands[action];
}

/** Refusals a command makes of its own, after status and authority: handing on an escalation is acknowledging it. */
const OWN_REFUSAL: Partial<Record<string, string>> = {
  'reassign/escalated': 'This commitment is escalated; it can be reassigned only when open or paused (acknowledge it to take it over).',
};

const RELATION_NAMES = Object.keys(PERSONAS) as Relation[];

describe('the authority table', () => {
  it('is the table the docs state, for every action in every situation', () => {
    for (const situation of ['held', 'escalated'] as const) {
      for (const action of AUTHORITY_ACTIONS)
        expect([...WHO_MAY[situation][action]].sort(), `${situation} ${action}`).toEqual([...EXPECTED[situation][action]].sort());
    }
  });

  it('is the table docs/security.md shows, cell for cell', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
    const COLUMNS: Relation[] = ['owner', 'formerOwner', 'creator', 'chainMember', 'teamSupervisor', 'teamMate', 'otherTeamSupervisor', 'otherTeam', 'admin'];
    const CELL: Record<string, Situation[]> = { yes: ['held', 'escalated'], 'not while escalated': ['held'], '—': [] };
    const section = doc.split(/^## /m).find((s) => s.startsWith('Who may do what to a commitment')) ?? '';
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => r.split('|')[1]?.trim().replace(/`/g, ''))).toEqual([...AUTHORITY_ACTIONS]);
    for (const row of rows) {
      const [action = '', ...cells] = row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/`/g, ''));
      COLUMNS.forEach((relation, i) => {
        const shown = CELL[cells[i] ?? ''];
        expect(shown, `${action} × ${relation}: "${cells[i]}"`).toBeDefined();
        for (const situation of SITUATIONS)
          expect(WHO_MAY[situation][action as AuthorityAction].includes(relation), `${action} × ${relation} when ${situation}`).toBe(
            shown!.includes(situation),
          );
      });
    }
  });

  it.each(RELATION_NAMES)('places the %s persona in that relation and no stronger one', (relation) => {
    const relations = relationsOf(
      { id: PERSONAS[relation].id ?? '', role: PERSONAS[relation].role ?? 'agent', teamId: PERSONAS[relation].teamId ?? null },
      open(),
    );
    expect(relations).toContain(relation);
    for (const action of AUTHORITY_ACTIONS) expect(mayTake(action, relations, 'held'), action).toBe(EXPECTED.held[action].includes(relation));
  });

  const cases = STATES.flatMap((st) =>
    RELATION_NAMES.flatMap((relation) =>
      AUTHORITY_ACTIONS.filter((a): a is Exclude<AuthorityAction, 'read'> => a !== 'read').map((action) => ({ ...st, relation, action })),
    ),
  );

  it.each(cases)('$relation: $action when $name — status first, then the table, then the command itself', ({ state, situation, at, relation, action }) => {
    const s = state();
    const actor = PERSONAS[relation];
    const command = commandFor(action, actor);
    const out = decide(s, command, { now: at, nextSeq: NEXT_SEQ });
    const caller = { id: actor.id ?? '', role: actor.role ?? 'agent', teamId: actor.teamId ?? null };
    if (!ALLOWED[command.type].includes(s.status)) return expect(out).toMatchObject({ ok: false, kind: 'conflict' });
    if (!EXPECTED[situation][action].includes(relation)) return expect(out).toEqual({ ok: false, kind: 'forbidden', reason: refusalFor(caller, s, action) });
    const own = OWN_REFUSAL[`${action}/${s.status}`];
    if (own) return expect(out).toEqual({ ok: false, kind: 'conflict', reason: own });
    expect(out.ok ? 'accepted' : out.reason).toBe('accepted');
  });

  it('says why and who may, in words the caller can act on', () => {
    const caller = (r: Relation) => ({ id: PERSONAS[r].id ?? '', role: PERSONAS[r].role ?? 'agent', teamId: PERSONAS[r].teamId ?? null });
    expect(refusalFor(caller('formerOwner'), open(), 'extend')).toBe(
      'You handed this commitment on; Lee Chan holds it now. Only its owner (Lee Chan), a supervisor of team Support or an admin can extend it.',
    );
    expect(refusalFor(caller('creator'), open(), 'fulfil')).toBe(
      'You registered this commitment, but Lee Chan holds it now. Only its owner (Lee Chan), a supervisor of team Support or an admin can fulfil it.',
    );
    expect(refusalFor(caller('otherTeamSupervisor'), open(), 'read')).toBe(
      'This commitment belongs to team Support, not yours. Only its owner (Lee Chan), whoever held it before, whoever registered it, someone in its escalation chain, a supervisor of team Support or an admin can see it.',
    );
    expect(refusalFor(caller('owner'), open(), 'transfer')).toBe('Only a supervisor of team Support or an admin can move it to another team.');
  });

  it('counts a supervisor whose team an actor did not carry (recorded by an older API, which checked it) as a supervisor of the team', () => {
    expect(relationsOf({ id: 'sup-zoe', role: 'supervisor' }, open())).toEqual(['teamSupervisor']);
    expect(relationsOf({ id: 'sup-zoe', role: 'supervisor', teamId: 'retail' }, open())).toEqual(['otherTeamSupervisor']);
  });
});
