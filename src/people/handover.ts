/**
 * When someone leaves: their open commitments go to their team's supervisor, with a handoff note,
 * and each customer is told who owns it now (the reassign command does both).
 */
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { findStaff } from './store/staff';
import { findTeam } from './store/teams';
import { openCommitmentsOwnedBy } from '../db/ownership';
import { commitmentWorkflowId, reassignUpdate, type Actor } from '../shared/contract';
import { contactOf } from './parties';

export interface HandoverResult {
  handedOver: string[];
  /** Commitments whose workflow refused or could not be reached, with why. */
  failed: { id: string; reason: string }[];
}

export async function handOverOpenWork(deps: { client: Client; db: Pool }, staffId: string, by: Actor): Promise<HandoverResult> {
  const result: HandoverResult = { handedOver: [], failed: [] };
  const leaver = await findStaff(deps.db, staffId);
  const team = leaver?.teamId ? await findTeam(deps.db, leaver.teamId) : undefined;
  const lead = team?.supervisorId && team.supervisorId !== staffId ? await findStaff(deps.db, team.supervisorId) : undefined;
  const ids = await openCommitmentsOwnedBy(deps.db, staffId);
  if (!lead) {
    for (const id of ids) result.failed.push({ id, reason: 'their team has no other supervisor to take it over' });
    return result;
  }
  // The system acts, on the admin's behalf: an agent's escalated work is handed on too.
  const actor: Actor = { kind: 'system', name: `Followthrough (for ${by.name})` };
  for (const id of ids) {
    try {
      await deps.client.workflow.getHandle(commitmentWorkflowId(id)).executeUpdate(reassignUpdate, {
        args: [
          { actor, owner: contactOf(lead), handoffNote: `${leaver?.name ?? staffId} has left the team; ${lead.name}, their supervisor, takes this over.` },
        ],
        updateId: `handover-${staffId}-${id}`,
      });
      result.handedOver.push(id);
    } catch (err) {
      result.failed.push({ id, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
