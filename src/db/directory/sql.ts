/** Small helpers the directory's writers share. */
import type { Pool, PoolClient } from 'pg';

/** A pool or a client inside a transaction: readers work with either. */
export type Queryable = Pick<Pool, 'query'> | PoolClient;

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

export const isoOrUndefined = (d: Date | null): string | undefined => (d ? d.toISOString() : undefined);
