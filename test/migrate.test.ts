import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationsDir } from '../src/db/migrate';
import { createEmptyDatabase } from './support/db';

const FIRST_MIGRATION = '1732280000000_commitments-and-notifications';

const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(drops.splice(0).map((drop) => drop()));
});

async function emptyDatabase(): Promise<string> {
  const db = await createEmptyDatabase();
  drops.push(db.drop);
  return db.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tablesIn = async (url: string) =>
  (await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r) => r.table_name);

describe('migrate', () => {
  it('creates the commitments and notifications tables in an empty database', async () => {
    const url = await emptyDatabase();
    expect(await migrate(url)).toEqual([FIRST_MIGRATION]);
    expect(await tablesIn(url)).toEqual(['commitments', 'notifications', 'pgmigrations']);
  });

  it('applies nothing when run a second time', async () => {
    const url = await emptyDatabase();
    await migrate(url);
    expect(await migrate(url)).toEqual([]);
  });

  it('lets two processes migrate a fresh database at once: both succeed, one set of tables', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results.flat()).toEqual([FIRST_MIGRATION]);
    expect(await tablesIn(url)).toEqual(['commitments', 'notifications', 'pgmigrations']);
    expect(await query(url, 'SELECT name FROM pgmigrations')).toEqual([{ name: FIRST_MIGRATION }]);
  });

  it('finds migrations/ from the compiled location as well as from the source', () => {
    const repo = path.resolve(__dirname, '..');
    expect(migrationsDir(path.join(repo, 'src', 'db'))).toBe(path.join(repo, 'migrations'));
    expect(migrationsDir(path.join(repo, 'dist', 'src', 'db'))).toBe(path.join(repo, 'migrations'));
  });
});
