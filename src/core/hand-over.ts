/**
 * Handing a commitment on: to someone in its team (reassign), or to another team (transfer), which
 * then owns it the way a create would have made it: its supervisor, its escalation chain, its
 * queues and reports. Either way the new owner gets the whole timeline and the note before they
 * call, and the customer is told who owns it now.
 */
import type { StaffContact } from '../shared/contract';
import type { Draft } from './draft';
import { sentence } from './owner';
import type { CommandOf } from './types';

type Handlers = { [K in 'reassign' | 'transfer']: (d: Draft, c: CommandOf<K>) => void };

/** The handoff with the whole timeline to the new owner, and the customer's word of who owns it now. */
function tellNewOwner(d: Draft, owner: StaffContact, previous: StaffContact, note: string): void {
  const occurrence = `${d.nextSeq}`;
  const previousOwner = previous.name;
  const handedOver = { type: 'note', detail: `${owner.name} received the whole timeline and the handoff note by {via}.` } as const;
  d.send({ purpose: 'handoff', audience: 'staff', to: owner, occurrence, ctx: { note, previousOwner }, sent: handedOver });
  const told = { type: 'customer_message', detail: `Customer told ${owner.name} owns it now by {via}.` } as const;
  d.send({ purpose: 'customer_reassigned', audience: 'customer', occurrence, ctx: { previousOwner }, sent: told });
}

export const handOverCommands: Handlers = {
  reassign(d, c) {
    const s = d.state;
    if (s.status === 'escalated' && c.actor.kind !== 'system') {
      d.refuse('conflict', 'This commitment is escalated; it can be reassigned only when open or paused (acknowledge it to take it over).');
    }
    d.requireAuthority(c.actor, 'reassign');
    if (c.owner.id === s.owner.id) d.refuse('conflict', `${c.owner.name} already owns this commitment.`);
    const previous = s.owner;
    d.handTo(c.owner);
    d.record('reassigned', `${previous.name} handed it to ${c.owner.name}: ${c.handoffNote}`, c.actor);
    tellNewOwner(d, c.owner, previous, c.handoffNote);
  },

  /**
   * Re-pins what a create pins from the owner's team: the team, its supervisor (who a reopen goes
   * to) and its escalation chain. The last escalation's chain has no say any more.
   */
  transfer(d, c) {
    const s = d.state;
    if (s.team?.id === c.team.id) d.refuse('conflict', `It is already team ${c.team.name}'s; reassign it to someone in the team.`);
    const previous = s.owner;
    const from = s.team ? `team ${s.team.name}` : 'no team';
    s.team = c.team;
    s.supervisor = c.supervisor;
    s.policy = { ...s.policy, escalation: c.escalation };
    s.escalation = undefined;
    d.handTo(c.owner);
    const owner = c.owner.id === previous.id ? `${c.owner.name} still owns it` : `${c.owner.name} owns it now (after ${previous.name})`;
    const to = `team ${c.team.name}`;
    const pinned = `${c.supervisor.name} supervises it and ${to}'s escalation chain applies from now on`;
    d.record('transferred', `${c.actor.name} moved it from ${from} to ${to}: ${owner}, ${pinned}. ${sentence(c.note)}`, c.actor);
    if (c.owner.id !== previous.id) tellNewOwner(d, c.owner, previous, c.note);
  },
};
