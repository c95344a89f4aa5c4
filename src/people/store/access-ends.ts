/**
 * When a person is deactivated, every way they could act ends together, in the transaction that
 * deactivates them (./staff.ts): their API keys are revoked, their console sessions (however
 * opened) ended, and their unused sign-in links voided. All three for good: reactivating the
 * person brings none of them back, so they start clean, with new keys and a new sign-in.
 */
import type { Queryable } from './sql';

export async function endAllAccess(db: Queryable, staffId: string): Promise<void> {
  // One statement: each data-modifying CTE runs once, whatever the SELECT reads.
  await db.query(
    `WITH keys AS (UPDATE api_keys SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL),
          sessions AS (UPDATE console_sessions SET ended_at = now() WHERE staff_id = $1 AND ended_at IS NULL),
          links AS (UPDATE console_login_tokens SET voided_at = now() WHERE staff_id = $1 AND used_at IS NULL AND voided_at IS NULL)
     SELECT 1`,
    [staffId],
  );
}
