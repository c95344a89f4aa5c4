import { describe, expect, it } from 'vitest';
import { attemptBy, attemptsCount, attemptsSummary, attemptTime } from '../../src/console/client/attempts';
import { label, OUTCOME_ACTIONS, OUTCOME_WORDS } from '../../src/console/client/words';
import { ATTEMPT_OUTCOMES } from '../../src/shared/vocab';

const ZONE = 'America/Chicago';
// 15:10 and 15:40 in Chicago (CST, UTC-6), on Monday, Dec 7 2026; "now" is later that day.
const AT1 = '2026-12-07T21:10:00.000Z';
const AT2 = '2026-12-07T21:40:00.000Z';
const NOW = new Date('2026-12-07T22:00:00.000Z');
const owner = { id: 'agent-dana', name: 'Dana Reyes' };
const entry = (at: string, name: string, id: string) => ({ seq: 1, at, type: 'attempted' as const, detail: '…', actor: { kind: 'staff' as const, id, name } });

describe('callback attempts as the console says them', () => {
  it('have a word for every outcome, for the buttons and inside a sentence, and for the timeline type', () => {
    for (const o of ATTEMPT_OUTCOMES) {
      expect(OUTCOME_ACTIONS[o]).toBeTruthy();
      expect(OUTCOME_WORDS[o]).toBe(OUTCOME_WORDS[o].toLowerCase());
    }
    expect(label('attempted')).toBe('Call attempt');
    expect(label('no_answer')).toBe('No answer');
    expect(label('voicemail')).toBe('Left voicemail');
  });

  it('say the time on the viewer’s clock, with the day when it is not today', () => {
    expect(attemptTime(AT1, ZONE, NOW)).toBe('3:10 PM');
    expect(attemptTime(AT1, ZONE, new Date('2026-12-09T18:00:00.000Z'))).toBe('3:10 PM on Monday, Dec 7');
  });

  it('sum up how many, how each went and when, and who once when one person made them all', () => {
    const c = {
      owner,
      attempts: [
        { at: AT1, outcome: 'no_answer' as const, by: 'agent-dana' },
        { at: AT2, outcome: 'voicemail' as const, by: 'agent-dana', note: 'Left the case number' },
      ],
      timeline: [entry(AT1, 'Dana Reyes', 'agent-dana'), entry(AT2, 'Dana Reyes', 'agent-dana')],
    };
    expect(attemptsSummary(c, ZONE, NOW)).toBe('2 — no answer 3:10 PM, voicemail 3:40 PM (Dana Reyes)');
    expect(attemptsSummary({ owner, attempts: [] }, ZONE, NOW)).toBeUndefined();
    expect(attemptsSummary({ owner }, ZONE, NOW)).toBeUndefined();
  });

  it('name who made each when several did: from the timeline, else the owner by id, else the id recorded', () => {
    const c = {
      owner,
      attempts: [
        { at: AT1, outcome: 'busy' as const, by: 'sup-sam' },
        { at: AT2, outcome: 'reached' as const, by: 'agent-dana' },
      ],
      timeline: [entry(AT1, 'Sam Patel', 'sup-sam')],
    };
    expect(attemptBy(c.attempts[0]!, c)).toBe('Sam Patel');
    expect(attemptBy(c.attempts[1]!, c)).toBe('Dana Reyes');
    expect(attemptBy({ at: AT2, outcome: 'busy', by: 'sup-zoe' }, { owner })).toBe('sup-zoe');
    expect(attemptsSummary(c, ZONE, NOW)).toBe('2 — busy 3:10 PM (Sam Patel), reached 3:40 PM (Dana Reyes)');
  });

  it('count them for a card from the attempts or from a board row’s count and latest', () => {
    const attempts = [
      { at: AT1, outcome: 'no_answer' as const, by: 'agent-dana' },
      { at: AT2, outcome: 'wrong_number' as const, by: 'agent-dana' },
    ];
    expect(attemptsCount(attempts, undefined, ZONE, NOW)).toBe('2 attempts, last: wrong number 3:40 PM');
    expect(attemptsCount(1, { at: AT1, outcome: 'no_answer' }, ZONE, NOW)).toBe('1 attempt, last: no answer 3:10 PM');
    expect(attemptsCount(0, null, ZONE, NOW)).toBeUndefined();
    expect(attemptsCount([], undefined, ZONE, NOW)).toBeUndefined();
    expect(attemptsCount(undefined, undefined, ZONE, NOW)).toBeUndefined();
  });
});
