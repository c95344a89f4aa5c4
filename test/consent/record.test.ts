/**
 * recordConsent (src/consent/record.ts), the one path of a STOP or START for the webhook and the
 * consent workflow's activity: the ledger first, then the open commitments, newest first. Against
 * a real Postgres (the ledger and the read model), with the commitments' workflows stood in for by
 * a recording `tell`.
 */
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsentActivities } from '../../src/consent/activities';
import { consentWithdrawn, withdrawConsent } from '../../src/consent/ledger';
import { recordConsent, type TellCommitment } from '../../src/consent/record';
import { recordCommitment } from '../../src/db/commitments';
import { RECORD_CONSENT_ACTIVITY } from '../../src/shared/contract/consent';
import { commitmentState } from '../support/commitments';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

let n = 0;
/** A number of its own per test, with an older and a newer open commitment and a cancelled one. */
async function customerWithCommitments() {
  n += 1;
  const phone = `+1415555${String(7300 + n).padStart(4, '0')}`;
  const customer = { name: 'Maria Lopez', phone, email: 'maria@example.com', timezone: 'America/Chicago' };
  const older = commitmentState({ customer });
  const cancelled = commitmentState({ customer, status: 'cancelled' });
  const newer = commitmentState({ customer });
  // Another customer's open commitment is never told.
  const other = commitmentState({ customer: { ...customer, phone: `+1415555${String(7400 + n).padStart(4, '0')}` } });
  for (const s of [older, cancelled, newer, other]) await recordCommitment(db.pool, s, []);
  return { phone, open: [newer.workflowId, older.workflowId] };
}

function recordingTell(fail: (id: string) => boolean = () => false) {
  const told: [string, { optedOut: boolean }][] = [];
  const tell: TellCommitment = (id, choice) => {
    if (fail(id)) return Promise.reject(new Error('Temporal did not answer'));
    told.push([id, choice]);
    return Promise.resolve();
  };
  return { told, tell };
}

describe('recordConsent', () => {
  it('writes a withdrawal, then tells each open commitment of the number, newest first', async () => {
    const { phone, open } = await customerWithCommitments();
    const { told, tell } = recordingTell();
    const recorded = await recordConsent({ db: db.pool, tell }, phone, { optedOut: true });
    expect(recorded).toEqual({ changed: true, workflowIds: open, untold: [] });
    expect(await consentWithdrawn(db.pool, phone)).toBe(true);
    expect(told).toEqual(open.map((id) => [id, { optedOut: true }]));
    // Again (a repeated webhook, a retried activity): the ledger stays as it is, and they are told again.
    const again = await recordConsent({ db: db.pool, tell }, phone, { optedOut: true });
    expect(again).toEqual({ changed: false, workflowIds: open, untold: [] });
    expect(told).toHaveLength(4);
  });

  it('gives consent back and tells the open commitments', async () => {
    const { phone, open } = await customerWithCommitments();
    await withdrawConsent(db.pool, phone);
    const { told, tell } = recordingTell();
    const recorded = await recordConsent({ db: db.pool, tell }, phone, { optedOut: false });
    expect(recorded).toEqual({ changed: true, workflowIds: open, untold: [] });
    expect(await consentWithdrawn(db.pool, phone)).toBe(false);
    expect(told).toEqual(open.map((id) => [id, { optedOut: false }]));
  });

  it('a YES (onlyIfWithdrawn) changes nothing and tells nobody when consent was never withdrawn', async () => {
    const { phone } = await customerWithCommitments();
    const { told, tell } = recordingTell();
    const recorded = await recordConsent({ db: db.pool, tell }, phone, { optedOut: false }, { onlyIfWithdrawn: true });
    expect(recorded).toEqual({ changed: false, workflowIds: [], untold: [] });
    expect(told).toEqual([]);
    expect(await consentWithdrawn(db.pool, phone)).toBe(false);
  });

  it('a YES (onlyIfWithdrawn) gives back a withdrawn consent and tells the open commitments', async () => {
    const { phone, open } = await customerWithCommitments();
    await withdrawConsent(db.pool, phone);
    const { told, tell } = recordingTell();
    const recorded = await recordConsent({ db: db.pool, tell }, phone, { optedOut: false }, { onlyIfWithdrawn: true });
    expect(recorded).toEqual({ changed: true, workflowIds: open, untold: [] });
    expect(told).toEqual(open.map((id) => [id, { optedOut: false }]));
  });

  it('keeps the withdrawal when a commitment cannot be told, tells the others, and names the one it missed', async () => {
    const { phone, open } = await customerWithCommitments();
    const [newest, oldest] = open as [string, string];
    const { told, tell } = recordingTell((id) => id === newest);
    const recorded = await recordConsent({ db: db.pool, tell }, phone, { optedOut: true });
    expect(recorded).toEqual({ changed: true, workflowIds: open, untold: [newest] });
    expect(told).toEqual([[oldest, { optedOut: true }]]);
    expect(await consentWithdrawn(db.pool, phone)).toBe(true);
  });

  it('tells nobody when the ledger cannot be written, and throws what Postgres said', async () => {
    const down = { query: () => Promise.reject(new Error('connect ECONNREFUSED')) } as unknown as Pool;
    const { told, tell } = recordingTell();
    await expect(recordConsent({ db: down, tell }, '+14155557399', { optedOut: true })).rejects.toThrow('ECONNREFUSED');
    expect(told).toEqual([]);
  });
});

describe("the consent workflow's activity", () => {
  it('is registered under the name histories record', () => {
    expect(Object.keys(createConsentActivities({ db: db.pool }))).toEqual(['recordSmsConsent']);
    expect(RECORD_CONSENT_ACTIVITY).toBe('recordSmsConsent');
  });

  it('records through recordConsent and answers the open commitments, newest first', async () => {
    const { phone, open } = await customerWithCommitments();
    const { told, tell } = recordingTell();
    const activities = createConsentActivities({ db: db.pool, tell });
    expect(await activities[RECORD_CONSENT_ACTIVITY](phone, true)).toEqual(open);
    expect(told).toEqual(open.map((id) => [id, { optedOut: true }]));
    expect(await consentWithdrawn(db.pool, phone)).toBe(true);
  });

  it('fails the attempt when a commitment was not told, so the retry tells it', async () => {
    const { phone, open } = await customerWithCommitments();
    let down = true;
    const { told, tell } = recordingTell(() => down);
    const activities = createConsentActivities({ db: db.pool, tell });
    await expect(activities[RECORD_CONSENT_ACTIVITY](phone, true)).rejects.toThrow('2 open commitment(s) not told yet');
    expect(await consentWithdrawn(db.pool, phone)).toBe(true);
    down = false;
    expect(await activities[RECORD_CONSENT_ACTIVITY](phone, true)).toEqual(open);
    expect(told).toEqual(open.map((id) => [id, { optedOut: true }]));
  });
});
