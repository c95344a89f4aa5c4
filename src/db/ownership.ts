/** Lookups of commitments by the people involved, for hand-overs and inbound texts from staff. */
import type { Pool } from 'pg';
import { CLOSED_STATUSES } from '../shared/contract';

/** Ids of the commitments `staffId` owns that are not closed, soonest deadline first. */
export async function openCommitmentsOwnedBy(db: Pool, staffId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM commitments WHERE owner_id = $1 AND status <> ALL($2::text[]) AND status <> 'fulfilled' ORDER BY due_at, id`,
    [staffId, CLOSED_STATUSES],
  );
  return rows.map((r) => r.id);
}
