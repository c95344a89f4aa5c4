/**
 * withTransaction when Postgres goes away in the middle: the transaction fails, and nothing is
 * left that could crash the process (the worker's message cap and late writes, the directory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/transaction';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('a transaction whose connection dies between two of its queries', () => {
  it('fails, raises no unhandled error, and leaves the pool working', async () => {
    const outcome = await withTransaction(db.pool, async (client) => {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // Killed while checked out and idle: the client hears of it as an 'error' event, not as a
      // failed query. The socket's end (on the connection, not the client) says it has been heard.
      const ended = new Promise((resolve) => (client as unknown as { connection: NodeJS.EventEmitter }).connection.once('end', resolve));
      await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await ended;
      await client.query('SELECT 1');
      return 'committed';
    }).then(
      (v) => v,
      (err: unknown) => String(err),
    );
    expect(outcome).toMatch(/terminat|Connection|not queryable/i);
    // The broken client was destroyed, not handed to the next caller.
    expect((await withTransaction(db.pool, async (client) => (await client.query('SELECT 41 + 1 AS n')).rows[0])).n).toBe(42);
  });
});
