import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrationsDir } from '../../src/db/migrate';
import { createEmptyDatabase } from '../support/db';

const ALL_MIGRATIONS = fs
  .readdirSync(path.resolve(__dirname, '../../migrations'))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();
const TABLES = ['commitment_events', 'commitments', 'notifications', 'pgmigrations'];

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
  (await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
    (r) => r.table_name,
  );

describe('migrate', () => {
  it('creates the commitments and notifications tables in an empty database', async () => {
    const url = await emptyDatabase();
    expect(await migrate(url)).toEqual(ALL_MIGRATIONS);
    expect(await tablesIn(url)).toEqual(expect.arrayContaining(TABLES));
  });

  it('applies nothing when run a second time', async () => {
    const url = await emptyDatabase();
    await migrate(url);
    expect(await migrate(url)).toEqual([]);
  });

  it('lets two processes migrate a fresh database at once: both succeed, one set of tables', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results.flat()).toEqual(ALL_MIGRATIONS);
    expect(await tablesIn(url)).toEqual(expect.arrayContaining(TABLES));
    expect(await query(url, 'SELECT name FROM pgmigrations ORDER BY name')).toEqual(ALL_MIGRATIONS.map((name) => ({ name })));
  });

  it('upgrades a database holding data in the first schema, moving each timeline into events', async () => {
    const url = await emptyDatabase();
    expect(await migrate(url, undefined, { count: 1 })).toEqual(ALL_MIGRATIONS.slice(0, 1));
    await query(
      url,
      `INSERT INTO commitments (id, workflow_id, status, version, customer, owner, supervisor, summary, due_at, log, timeline, fulfilment, created_at)
       VALUES ('cmt_old', 'commitment-cmt_old', 'fulfilled', 3, '{"name":"Maria","phone":"+14155550123","timezone":"UTC"}',
               '{"id":"dana","name":"Dana"}', '{"id":"sam","name":"Sam"}', 'Call back', '2026-01-01T10:00:00Z',
               '{"trigger":"delay","rootCause":"staffing_gap"}',
               '[{"at":"2026-01-01T09:00:00Z","type":"created","detail":"made"},{"at":"2026-01-01T09:30:00Z","type":"fulfilled","detail":"done"}]',
               '{"resolution":"Called","fulfilledAt":"2026-01-01T09:30:00Z","onTime":true}', '2026-01-01T09:00:00Z')`,
    );
    expect(await migrate(url)).toEqual(ALL_MIGRATIONS.slice(1));
    expect(await query(url, 'SELECT event_id, seq, type, detail FROM commitment_events ORDER BY seq')).toEqual([
      { event_id: 'cmt_old:0', seq: 0, type: 'created', detail: 'made' },
      { event_id: 'cmt_old:1', seq: 1, type: 'fulfilled', detail: 'done' },
    ]);
    expect(await query(url, 'SELECT owner_id, customer_phone, trigger, root_cause, first_fulfilled_on_time FROM commitments')).toEqual([
      { owner_id: 'dana', customer_phone: '+14155550123', trigger: 'delay', root_cause: 'staffing_gap', first_fulfilled_on_time: true },
    ]);
  });

  it('finds migrations/ from the compiled location as well as from the source', () => {
    const repo = path.resolve(__dirname, '../..');
    expect(migrationsDir(path.join(repo, 'src', 'db'))).toBe(path.join(repo, 'migrations'));
    expect(migrationsDir(path.join(repo, 'dist', 'src', 'db'))).toBe(path.join(repo, 'migrations'));
  });
});
