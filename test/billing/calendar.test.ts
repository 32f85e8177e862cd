// The billing calendar: due dates in short months, issue dates, catch-up, proration, quiet hours.
import { describe, expect, it } from 'vitest';
import { dueDateFor, notBeforeQuietHours, rentDueBy, type TenancyTerms } from '../../src/domain/calendar.js';

const terms = (over: Partial<TenancyTerms> = {}): TenancyTerms => ({ monthlyRent: 15_000, dueDay: 5, startsOn: '2026-09-01', endsOn: null, enteredOn: '2026-09-01', paused: false, resumedOn: null, ...over });
const rules = { issueDaysBefore: 5, prorate: false };

describe('the billing calendar', () => {
  it('puts a due day past the month end on its last day', () => {
    expect(dueDateFor('2026-02', 31)).toBe('2026-02-28');
    expect(dueDateFor('2028-02', 30)).toBe('2028-02-29');
    expect(dueDateFor('2026-04', 31)).toBe('2026-04-30');
    expect(dueDateFor('2026-11', 5)).toBe('2026-11-05');
  });

  it('issues a month as soon as its issue date has come, and not before', () => {
    expect(rentDueBy(terms(), rules, '2026-09-04').map((b) => b.period)).toEqual(['2026-09']);
    // October's rent is due on the 5th, issued on 30 September.
    expect(rentDueBy(terms(), rules, '2026-09-29').map((b) => b.period)).toEqual(['2026-09']);
    expect(rentDueBy(terms(), rules, '2026-09-30').map((b) => b.period)).toEqual(['2026-09', '2026-10']);
  });

  it('catches up every month missed while it was not running', () => {
    expect(rentDueBy(terms(), rules, '2026-12-10').map((b) => [b.period, b.dueDate])).toEqual([
      ['2026-09', '2026-09-05'],
      ['2026-10', '2026-10-05'],
      ['2026-11', '2026-11-05'],
      ['2026-12', '2026-12-05'],
    ]);
  });

  it('bills no month before the tenancy was entered, none after it ended, none while paused', () => {
    // Entered on 20 November, after November's due date: its first bill is December's.
    expect(rentDueBy(terms({ enteredOn: '2026-11-20' }), rules, '2026-12-10').map((b) => b.period)).toEqual(['2026-12']);
    expect(rentDueBy(terms({ enteredOn: '2026-11-03' }), rules, '2026-12-10').map((b) => b.period)).toEqual(['2026-11', '2026-12']);
    expect(rentDueBy(terms({ endsOn: '2026-10-31' }), rules, '2026-12-10').map((b) => b.period)).toEqual(['2026-09', '2026-10']);
    expect(rentDueBy(terms({ paused: true }), rules, '2026-12-10')).toEqual([]);
    // Resumed in November: the months paused before are not caught up.
    expect(rentDueBy(terms({ resumedOn: '2026-11-15' }), rules, '2026-12-10').map((b) => b.period)).toEqual(['2026-12']);
  });

  it('prorates the first month when the landlord wants it, and only then', () => {
    const midMonth = terms({ startsOn: '2026-11-16', enteredOn: '2026-11-16', monthlyRent: 30_000 });
    // Moving in on the 16th, after the due day: the first month is due on the day they move in.
    expect(rentDueBy(midMonth, rules, '2026-11-20')[0]).toMatchObject({ period: '2026-11', amount: 30_000, prorated: false, dueDate: '2026-11-16' });
    expect(rentDueBy(midMonth, { ...rules, prorate: true }, '2026-11-20')[0]).toMatchObject({ period: '2026-11', amount: 15_000, prorated: true });
    expect(rentDueBy(midMonth, { ...rules, prorate: true }, '2026-12-01')[1]).toMatchObject({ period: '2026-12', amount: 30_000, prorated: false });
  });

  it('holds messages during quiet hours until 07:00 in Nairobi', () => {
    const quiet = { from: 21, to: 7 };
    expect(notBeforeQuietHours(new Date('2026-11-27T19:30:00Z'), quiet).toISOString()).toBe('2026-11-28T04:00:00.000Z'); // 22:30 EAT → 07:00 next day
    expect(notBeforeQuietHours(new Date('2026-11-27T02:00:00Z'), quiet).toISOString()).toBe('2026-11-27T04:00:00.000Z'); // 05:00 EAT → 07:00
    expect(notBeforeQuietHours(new Date('2026-11-27T09:00:00Z'), quiet).toISOString()).toBe('2026-11-27T09:00:00.000Z'); // 12:00 EAT: now
    expect(notBeforeQuietHours(new Date('2026-11-27T19:30:00Z'), null).toISOString()).toBe('2026-11-27T19:30:00.000Z');
  });
});
