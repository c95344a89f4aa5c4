/** One answer per satisfaction question: the YES and NO links of one ask share a row. */
import type { Pool } from 'pg';

/** False when this question (commitment, cycle) was already answered. */
export async function claimLinkAnswer(db: Pool, commitmentId: string, cycle: number, answer: string): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO link_answers (commitment_id, cycle, answer) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    commitmentId,
    cycle,
    answer,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The answer was not recorded after all: a later, valid attempt must not be refused as a repeat. */
export async function releaseLinkAnswer(db: Pool, commitmentId: string, cycle: number): Promise<void> {
  await db.query('DELETE FROM link_answers WHERE commitment_id = $1 AND cycle = $2', [commitmentId, cycle]);
}
