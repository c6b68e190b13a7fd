import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yearStartOf } from '../../../src/calendar/academicYear.js';
import { dateOfDay, dayFromDate, formatDay, parseIsoDay, weekdayOf } from '../../../src/calendar/day.js';

describe('day numbers', () => {
  it('agree with the JavaScript Date for every day from 1860 to 2190', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40_000, max: 80_000 }), (day) => {
        const date = new Date(day * 86_400_000);
        const expected = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
        expect(dateOfDay(day)).toEqual(expected);
        expect(dayFromDate(expected.year, expected.month, expected.day)).toBe(day);
        expect(weekdayOf(day)).toBe((date.getUTCDay() + 6) % 7);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('format and parse ISO days, refusing impossible ones', () => {
    expect(formatDay(parseIsoDay('2024-02-29')!)).toBe('2024-02-29');
    expect(parseIsoDay('2023-02-29')).toBeUndefined();
    expect(parseIsoDay('2025-13-01')).toBeUndefined();
  });

  it('place a day in its academic year (1 September – 31 August)', () => {
    expect(yearStartOf(parseIsoDay('2024-08-31')!)).toBe(2023);
    expect(yearStartOf(parseIsoDay('2024-09-01')!)).toBe(2024);
  });
});
