/** One transaction on one connection, for writers that must change several rows together. */
import type { Pool, PoolClient } from 'pg';

/** Runs `fn` in one transaction on one connection; rolls back when it throws. */
export async function withTransaction<T>(db: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
