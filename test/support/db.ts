/**
 * A private, migrated database per test file (or per test), on the Postgres the global setup
 * started. Separate databases rather than truncation: tests in parallel forks never see each
 * other's rows, and a failed test leaves nothing behind for the next one.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/db/migrate';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Ends the pool and drops the database, even if other connections are still open. */
  drop: () => Promise<void>;
}

/** The server-level URL with the database name swapped. */
export function databaseUrlFor(name: string, base: string = inject('databaseUrl')): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database with a unique name; nothing applied yet. */
export async function createEmptyDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const base = inject('databaseUrl');
  const name = `ft_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(base, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  return {
    name,
    url: databaseUrlFor(name, base),
    drop: () => withAdmin(base, (admin) => dropWhenIdle(admin, name)),
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  try {
    await migrate(db.url);
  } catch (err) {
    await db.drop();
    throw err;
  }
  const pool = new pg.Pool({ connectionString: db.url, max: 5 });
  return {
    url: db.url,
    pool,
    drop: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

async function withAdmin(url: string, fn: (admin: pg.Client) => Promise<unknown>): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Drops a database once its last connections have closed. FORCE only as a last resort: it kills
 * connections still closing (a pool mid-`end()`), and their clients then throw "terminating
 * connection due to administrator command" outside any test.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  const sql = `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)}`;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await admin.query(sql);
      return;
    } catch (err) {
      // 55006 object_in_use: someone is still connected.
      if ((err as { code?: string }).code !== '55006') throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.query(`${sql} WITH (FORCE)`);
}
