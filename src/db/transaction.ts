/** One transaction on one connection, for writers that must change several rows together. */
import type { Pool, PoolClient } from 'pg';

/**
 * Runs `fn` in one transaction on one connection; rolls back when it throws.
 *
 * 👉 A checked-out client whose connection dies emits 'error', and an 'error' nobody listens to
 *    crashes the process (the worker, or the API). So the client is listened to while it is out:
 *    the query in flight fails by itself, and a broken client is destroyed instead of going back
 *    to the pool.
 */
export async function withTransaction<T>(db: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
