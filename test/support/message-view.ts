/**
 * A commitment as the message templates see it, with realistic data and with the longest data the
 * API accepts, for the template and SMS-encoding tests (test/messages*.test.ts, sms-encoding).
 */
import type { CommitmentView } from '../../src/shared/contract';

// Sunday 22 Nov 2026, 14:00 UTC = 08:00 in Chicago (CST, UTC-6).
export const NOW = new Date('2026-11-22T14:00:00Z');
export const BRAND = 'Acme Support';

export function commitment(overrides: Partial<CommitmentView> = {}): CommitmentView {
  return {
    id: 'cmt_test',
    workflowId: 'commitment-cmt_test',
    status: 'open',
    version: 1,
    deadlineNo: 0,
    deadlineSetAt: '2026-11-22T14:00:00Z',
    policy: {
      confirmAfterMs: 3600_000,
      confirmWithinMs: 48 * 3600_000,
      reopenWithinMs: 4 * 3600_000,
      maxExtensions: 2,
      escalation: { levels: [], repeat: 1 },
      quietHours: { start: '21:00', end: '08:00' },
    },
    customer: { name: 'Maria Lopez', phone: '+14155550123', email: 'maria@example.com', timezone: 'America/Chicago' },
    owner: { id: 'dana', name: 'Dana Reyes', email: 'dana@support.example' },
    supervisor: { id: 'sam', name: 'Sam Okafor', phone: '+14155550199' },
    summary: 'call you back about the duplicate charge',
    dueAt: '2026-11-22T21:15:00Z', // 3:15 PM CST
    createdAt: '2026-11-22T14:00:00Z',
    log: { trigger: 'billing_error', customerState: 'frustrated', customerWants: 'refund', rootCause: 'bad_automation', neededFix: 'Dedupe card retries' },
    externalRef: 'TICKET-4411',
    facts: { extensionCount: 0, reopenCount: 0 },
    timeline: [
      { seq: 0, at: '2026-11-22T14:00:00.000Z', type: 'created', detail: 'Dana Reyes promised Maria Lopez: call you back about the duplicate charge' },
    ],
    ...overrides,
  };
}

/** With the first escalation level named, as a team's policy pins it. */
export const withChain = (overrides: Partial<CommitmentView> = {}) =>
  commitment({
    policy: {
      ...commitment().policy,
      escalation: { levels: [{ target: { kind: 'staff', staff: { id: 'sam', name: 'Sam Okafor' } }, ackWithinMs: 1_800_000 }], repeat: 1 },
    },
    ...overrides,
  });

/** Words of `n` characters that read like prose, so cuts at word boundaries are exercised. */
export function prose(n: number, seed = 'the refund was approved and the bank will show it within five working days'): string {
  let out = '';
  while (out.length < n) out += (out ? ' ' : '') + seed;
  return out.slice(0, n).trimEnd().padEnd(n, 'x');
}

/** Every variable a message can carry, at the API's limits (names at 40, the realistic ceiling). */
export const LONGEST = {
  name: `Maximiliana ${'W'.repeat(28)}`,
  staffName: 'Bartholomew Featherstonehaugh-Cholmondel',
  summary: prose(500),
  reason: prose(1000, 'we are waiting for the statement from your bank covering the last three months'),
  resolution: prose(2000, 'we refunded both duplicate charges and added a credit for the late fee on the account'),
  progress: prose(1000, 'the replacement part has shipped from the warehouse and the technician is booked'),
  note: prose(4000, 'customer was charged twice by the card retry logic and is upset about the overdraft fee'),
  customerText: prose(1600, 'i have been waiting all week and nobody has called me back about the charge'),
  email: `${'m'.repeat(64)}@${'example'.repeat(20)}.com`,
};
