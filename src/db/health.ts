import type { Pool } from 'pg';

/** Throws when Postgres cannot answer: the health check's probe. */
export async function pingDatabase(db: Pool): Promise<void> {
  await db.query('SELECT 1');
}
