import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/console/client/actions';
import { askedText, businessText, deadlineFields } from '../../src/console/client/deadline';

describe('deadlines in the console’s forms', () => {
  it('send a duration as dueIn, with clock only for business hours, and a named deadline as dueBy without a clock', () => {
    expect(deadlineFields('PT2H', 'wall')).toEqual({ dueIn: 'PT2H' });
    expect(deadlineFields('PT2H')).toEqual({ dueIn: 'PT2H' });
    expect(deadlineFields('PT2H', 'business')).toEqual({ dueIn: 'PT2H', clock: 'business' });
    // The API refuses a clock beside a named deadline: it is always business time.
    expect(deadlineFields('close_of_business', 'business')).toEqual({ dueBy: 'close_of_business' });
    expect(deadlineFields('next_business_day_10am', 'wall')).toEqual({ dueBy: 'next_business_day_10am' });
  });

  it('give extend and acknowledge a deadline with its clock, the clock asked only for a duration', () => {
    expect(ACTIONS.extend.body({ due: 'PT4H', clock: 'business', reason: 'The bank is closed' }, {})).toEqual({
      dueIn: 'PT4H',
      clock: 'business',
      reason: 'The bank is closed',
    });
    expect(ACTIONS.extend.body({ due: 'PT1H', clock: 'wall', reason: 'x' }, {})).toEqual({ dueIn: 'PT1H', reason: 'x' });
    expect(ACTIONS.acknowledge.body({ due: 'next_business_day_10am', clock: 'business', note: ' ' }, {})).toEqual({
      dueBy: 'next_business_day_10am',
      note: undefined,
    });
    for (const name of ['extend', 'acknowledge'] as const) {
      const fields = ACTIONS[name].fields;
      const due = fields.find((f) => f.name === 'due');
      const clock = fields.find((f) => f.name === 'clock');
      expect(due?.errorsFrom).toEqual(['dueIn', 'dueBy']);
      expect(clock?.options).toEqual([
        ['wall', 'Wall clock'],
        ['business', 'Business hours'],
      ]);
      expect(clock?.initial).toBe('wall');
      expect(clock?.shownWhen?.({ due: 'PT1H' })).toBe(true);
      expect(clock?.shownWhen?.({ due: 'close_of_business' })).toBe(false);
    }
  });

  it('say how a business deadline was counted, and on which calendar', () => {
    expect(askedText('PT2H')).toBe('2 business hours');
    expect(askedText('PT1H')).toBe('1 business hour');
    expect(askedText('PT45M')).toBe('45 business minutes');
    expect(askedText('PT1H30M')).toBe('1 h 30 min of business time');
    expect(askedText('P1D')).toBe('24 business hours');
    expect(askedText('close_of_business')).toBe('close of business');
    expect(askedText('next_business_day_10am')).toBe('10 AM next business day');
    expect(businessText({ asked: 'PT2H', calendar: { id: 'billing-hours', name: 'Billing hours', version: 3 } })).toBe('2 business hours on Billing hours, v3');
    expect(businessText({ asked: 'close_of_business', calendar: { id: 'billing-hours', name: 'Billing hours', version: 1 } })).toBe(
      'close of business on Billing hours, v1',
    );
    expect(businessText({ asked: 'PT2H' })).toBe('2 business hours; the team has no calendar, so open all the time');
  });
});
