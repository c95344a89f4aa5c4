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

/** Staff no longer active who still own open work: a hand-over that failed or never ran. */
export async function inactiveOwnersWithOpenWork(db: Pool): Promise<string[]> {
  const { rows } = await db.query<{ owner_id: string }>(
    `SELECT DISTINCT c.owner_id FROM commitments c JOIN staff s ON s.id = c.owner_id
     WHERE NOT s.active AND c.status <> ALL($1::text[]) AND c.status <> 'fulfilled' ORDER BY c.owner_id`,
    [CLOSED_STATUSES],
  );
  return rows.map((r) => r.owner_id);
}

/**
 * A customer's commitments in the week before `now`, by phone or email: repeat contact is a
 * pattern. Those created in the last two days whose first write has not reached the read model
 * yet (a burst of creates) are counted by the place their create reserved for the recap
 * (src/api/commitments/create-bounds.ts).
 */
export async function recentForCustomer(db: Pool, customer: { phone?: string | undefined; email?: string | undefined }, now: Date): Promise<number> {
  if (!customer.phone && !customer.email) return 0;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT id FROM commitments WHERE created_at >= $3 AND (customer_phone = $1 OR customer_email = lower($2))
       UNION
       SELECT commitment_id FROM customer_message_reservations
       WHERE purpose = 'customer_recap' AND created_at >= $3 AND recipient_hash IN (customer_address_hash($1), customer_address_hash($2))
     ) seen`,
    [customer.phone ?? null, customer.email ?? null, new Date(now.getTime() - 7 * 24 * 3600_000).toISOString()],
  );
  return rows[0]?.n ?? 0;
}
