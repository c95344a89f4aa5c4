/**
 * The `resolveEscalationLevel` activity's own rules, without a directory behind it: which levels
 * it answers itself and which it asks the directory about (a business-hours-only level always).
 */
import { describe, expect, it, vi } from 'vitest';
import { createLevelResolver, type LevelQuery, type LevelResolver } from '../../src/people/levels';

const LEE = { id: 'agent-lee', name: 'Lee Park', email: 'lee@support.example' };
const SAM = { id: 'sup-sam', name: 'Sam Okafor', email: 'sam@support.example' };
const query = (q: Partial<LevelQuery> = {}): LevelQuery => ({
  commitmentId: 'cmt_1',
  teamId: 'billing',
  target: { kind: 'staff', staff: LEE },
  supervisor: SAM,
  at: '2026-11-22T03:00:00.000Z',
  ...q,
});

describe('resolveEscalationLevel', () => {
  it('answers a named person itself, without the directory, when the level has no business-hours flag', async () => {
    const directory = vi.fn<LevelResolver>();
    await expect(createLevelResolver(directory)(query())).resolves.toEqual({ contact: LEE });
    expect(directory).not.toHaveBeenCalled();
  });

  it("asks the directory about a business-hours-only named person, and passes on that the team's calendar is closed", async () => {
    const directory = vi.fn<LevelResolver>().mockResolvedValue({ closed: { calendar: 'Billing hours' } });
    const answer = await createLevelResolver(directory)(query({ businessHoursOnly: true }));
    expect(directory).toHaveBeenCalledWith(expect.objectContaining({ businessHoursOnly: true, target: { kind: 'staff', staff: LEE } }));
    expect(answer).toEqual({ closed: { calendar: 'Billing hours' } });
  });

  it('fails a business-hours-only level when no directory can say whether the team is open, so the workflow alerts the pinned supervisor', async () => {
    await expect(createLevelResolver(undefined)(query({ businessHoursOnly: true }))).rejects.toThrow('whether the team is open');
    await expect(createLevelResolver(undefined)(query({ businessHoursOnly: true, target: { kind: 'supervisor' } }))).rejects.toThrow();
    // Without the flag, as before: the supervisor level is the pinned supervisor.
    await expect(createLevelResolver(undefined)(query({ target: { kind: 'supervisor' } }))).resolves.toEqual({ contact: SAM });
  });
});
