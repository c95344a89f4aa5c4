/**
 * The callback-attempt fact columns the summary report counts on (attempt_count,
 * failed_attempt_count): written by the read model's writer from the state's attempts as they
 * grow, and counted by their migration for rows written before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../src/db/commitment-row';
import { recordCommitment } from '../../src/db/commitments';
import { migrate } from '../../src/db/migrate';
import type { CallbackAttempt } from '../../src/shared/contract';
import { commitmentState, createdEvent } from '../support/commitments';
import { createEmptyDatabase } from '../support/db';

const MIGRATION = '1765900000000_attempt-facts';
const BEFORE = fs.readdirSync(path.resolve(__dirname, '../../migrations')).filter((f) => f.endsWith('.sql') && f < `${MIGRATION}.sql`).length;
/** Columns the writer has now that a database before this migration lacks (its own, and any added later). */
const NEW_COLUMNS = new Set(['attempt_count', 'failed_attempt_count', 'customer_moves']);

const pools: pg.Pool[] = [];
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await Promise.all(drops.splice(0).map((drop) => drop()));
});

async function database(count?: number): Promise<{ url: string; pool: pg.Pool }> {
  const db = await createEmptyDatabase();
  drops.push(db.drop);
  await migrate(db.url, undefined, count === undefined ? {} : { count });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pools.push(pool);
  return { url: db.url, pool };
}

const attempt = (outcome: CallbackAttempt['outcome'], minute: number): CallbackAttempt => ({
  at: `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`,
  outcome,
  by: 'agent-dana',
});

async function facts(pool: pg.Pool, id: string) {
  const { rows } = await pool.query<{ attempt_count: number; failed_attempt_count: number }>(
    'SELECT attempt_count, failed_attempt_count FROM commitments WHERE id = $1',
    [id],
  );
  return rows[0];
}

describe('callback-attempt fact columns', () => {
  it('follow the attempts as the writer records them, and a stale write changes nothing', async () => {
    const { pool } = await database();
    const first = commitmentState({ createdAt: '2026-03-02T09:00:00.000Z' });
    const write = (version: number, attempts?: CallbackAttempt[]) =>
      recordCommitment(pool, { ...first, version, ...(attempts ? { attempts } : {}) }, version === 1 ? [createdEvent(first)] : []);

    await write(1);
    expect(await facts(pool, first.id)).toEqual({ attempt_count: 0, failed_attempt_count: 0 });
    await write(2, [attempt('no_answer', 10)]);
    expect(await facts(pool, first.id)).toEqual({ attempt_count: 1, failed_attempt_count: 1 });
    await write(3, [attempt('no_answer', 10), attempt('reached', 30)]);
    expect(await facts(pool, first.id)).toEqual({ attempt_count: 2, failed_attempt_count: 1 });
    await write(2, [attempt('no_answer', 10)]);
    expect(await facts(pool, first.id)).toEqual({ attempt_count: 2, failed_attempt_count: 1 });
  });

  it('are counted by the migration from the attempts rows already hold', async () => {
    const { url, pool } = await database(BEFORE);
    // Written as the writer wrote before the columns existed.
    const states = [
      commitmentState({ attempts: [attempt('busy', 5), attempt('voicemail', 15), attempt('reached', 25)] }),
      commitmentState({ attempts: [attempt('wrong_number', 5)] }),
      commitmentState(),
    ];
    for (const s of states) {
      const columns = columnsOf(s).filter(([name]) => !NEW_COLUMNS.has(name));
      await pool.query(
        `INSERT INTO commitments (${columns.map(([name]) => name).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map(([, value]) => value),
      );
    }
    expect(await migrate(url)).toContain(MIGRATION);
    expect(await Promise.all(states.map((s) => facts(pool, s.id)))).toEqual([
      { attempt_count: 3, failed_attempt_count: 2 },
      { attempt_count: 1, failed_attempt_count: 1 },
      { attempt_count: 0, failed_attempt_count: 0 },
    ]);
  });
});
