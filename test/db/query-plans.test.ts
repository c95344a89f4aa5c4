import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommitmentsSql, openEscalationsSql } from '../../src/db/queries';
import { weeklyKeptSql } from '../../src/db/report-charts';
import { patternsSql, summarySql } from '../../src/db/reports';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedCommitments } from '../support/seed';

/**
 * The queues and reports rely on the read-model migration's indexes. These checks fail when a
 * query stops using them (a changed predicate, a dropped index), long before a customer-sized
 * table makes it slow. Timings are the benchmark's business, not this file's.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedCommitments(db.pool, { count: 20_000, seed: 7 });
});
afterAll(async () => {
  await db?.drop();
});

async function plan(q: { text: string; values: unknown[] }): Promise<string> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${q.text}`, q.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const page = { sort: 'dueAt' as const, limit: 50 };
const lastMonth = { from: new Date(Date.now() - 30 * 86400_000).toISOString(), to: new Date().toISOString() };

describe('query plans over 20,000 seeded commitments', () => {
  it('reads the deadline queue and its next pages straight from the (due_at, id) index', async () => {
    expect(await plan(listCommitmentsSql({ filters: {}, ...page }))).toContain('Index Scan using commitments_due_at_id_idx');
    const next = await plan(listCommitmentsSql({ filters: {}, ...page, after: { sort: 'dueAt', at: lastMonth.from, id: 'cmt_0' } }));
    expect(next).toMatch(/Index Scan using commitments_due_at_id_idx[\s\S]*Index Cond: \(ROW\(due_at, id\) >/);
  });

  it("reads an owner's queue from the (owner_id, due_at, id) index", async () => {
    expect(await plan(listCommitmentsSql({ filters: { ownerId: 'agent-03' }, ...page }))).toContain('commitments_owner_due_idx');
  });

  it('finds a customer or a ticket by their own indexes', async () => {
    expect(await plan(listCommitmentsSql({ filters: { customerPhone: '+14150001234' }, ...page }))).toContain('commitments_customer_phone_idx');
    expect(await plan(listCommitmentsSql({ filters: { customerEmail: 'Customer12@Example.com' }, ...page }))).toContain('commitments_customer_email_idx');
    expect(await plan(listCommitmentsSql({ filters: { externalRef: 'TICKET-12' }, ...page }))).toContain('commitments_external_ref_idx');
  });

  it("looks up each open escalation's latest start by index, and reads a month of reports from the created_at index", async () => {
    // Which way the escalated rows are found depends on how many there are (the seed has 5%);
    // the per-row lookup of the latest escalation must be an index probe either way.
    expect(await plan(openEscalationsSql(new Date(), 50))).toContain('Index Scan using commitment_events_commitment_id_seq_key');
    expect(await plan(summarySql(lastMonth, 'owner'))).toContain('commitments_created_at_idx');
    expect(await plan(patternsSql(lastMonth))).toContain('commitments_created_at_idx');
  });

  it('reads a month of weekly kept-on-time rates from the promised-deadline index', async () => {
    expect(await plan(weeklyKeptSql({ ...lastMonth, groupBy: 'team' }))).toContain('commitments_promised_due_idx');
  });
});
