import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, buildCalendar } from '../../../src/calendar/terms.js';
import { childYearEntitlement, lineEntitlement } from '../../../src/reconcile/entitlement.js';
import { toNumber } from '../../../src/exact/rational.js';
import { day, hours, planLine, sessions } from '../helpers.js';

const year = DEFAULT_CALENDAR.yearTerms(2024);

describe('entitlement (SPEC 3.1 worked examples, default calendar, 2024/25)', () => {
  it('1 × 45 min weekly for the whole year is 39 weeks → 1755 minutes', () => {
    const result = childYearEntitlement([planLine({ quantity: sessions(1, 45, 'week') })], year, year.end);
    expect(result.requiredMinutes).toBe(1755);
  });

  it('6 × 45 min per term from 2024-11-01 is T = 2.5 → 15 sessions → 675 minutes', () => {
    const line = planLine({ quantity: sessions(6, 45, 'term'), start: day('2024-11-01') });
    const detail = lineEntitlement(line, year, year.end);
    expect(detail.terms.map((term) => toNumber(term.fraction))).toEqual([0.5, 1, 1]);
    expect(detail.terms[0]?.coveredDays).toBe(61);
    expect(toNumber(detail.coveredTerms)).toBe(2.5);
    expect(toNumber(detail.sessions)).toBe(15);
    expect(childYearEntitlement([line], year, year.end).requiredMinutes).toBe(675);
  });

  it('the weekly line as of 2025-02-14 is 14 + 45/90 × 12 = 20 weeks → 900 minutes', () => {
    const line = planLine({ quantity: sessions(1, 45, 'week') });
    const detail = lineEntitlement(line, year, day('2025-02-14'));
    expect(toNumber(detail.coveredWeeks)).toBe(20);
    expect(childYearEntitlement([line], year, day('2025-02-14')).requiredMinutes).toBe(900);
  });
});

describe('entitlement by frequency', () => {
  const whole = (quantity: ReturnType<typeof sessions>) => childYearEntitlement([planLine({ quantity })], year, year.end).requiredMinutes;
  it('fortnight halves the weekly sessions', () => expect(whole(sessions(1, 60, 'fortnight'))).toBe(Math.round((39 / 2) * 60)));
  it('month is W × 12/52', () => expect(whole(sessions(1, 52, 'month'))).toBe(39 * 12));
  it('half-term is 2 per term', () => expect(whole(sessions(3, 30, 'half-term'))).toBe(3 * 2 * 3 * 30));
  it('year is W / Y of the sessions', () => expect(whole(sessions(10, 60, 'year'))).toBe(600));
  it('hours form counts 60 × hours', () => expect(whole(hours('1.5', 'term'))).toBe(270));
});

describe('rounding', () => {
  it('rounds once per child-year, halves up, exactly (no float error at .5)', () => {
    // 1 × 0.5 minute weekly over 39 weeks = 19.5 minutes → 20.
    expect(childYearEntitlement([planLine({ quantity: sessions(1, '0.5', 'week') })], year, year.end).requiredMinutes).toBe(20);
    // Three lines of half a minute a year: 1.5 → 2, where rounding each line first would give 3.
    const line = () => planLine({ quantity: sessions(1, '0.5', 'year') });
    expect(childYearEntitlement([line(), line(), line()], year, year.end).requiredMinutes).toBe(2);
  });

  it('a term fraction that is a repeating decimal still sums exactly', () => {
    // Spring has 90 days; 30 days of it is exactly a third: 12 weeks / 3 = 4 weeks × 45 = 180.
    const line = planLine({ quantity: sessions(1, 45, 'week'), start: day('2025-01-01'), end: day('2025-01-30') });
    expect(childYearEntitlement([line], year, year.end).requiredMinutes).toBe(180);
  });

  it('gives nothing for a line that ends before as-of starts to matter', () => {
    const line = planLine({ start: day('2025-06-01') });
    expect(childYearEntitlement([line], year, day('2025-05-01')).requiredMinutes).toBe(0);
  });
});

describe('custom calendar', () => {
  it('weeks default to Monday–Friday days / 5, and days between terms accrue nothing', () => {
    const built = buildCalendar([
      { yearStart: 2024, name: 'Autumn', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null },
      { yearStart: 2024, name: 'Spring', start: day('2025-01-06'), end: day('2025-04-04'), weeks: null },
      { yearStart: 2024, name: 'Summer', start: day('2025-04-22'), end: day('2025-07-23'), weeks: null },
    ]);
    if (!('calendar' in built)) throw new Error(built.problems.join());
    const custom = built.calendar.yearTerms(2024);
    expect(custom.terms.map((term) => toNumber(term.weeks))).toEqual([16, 13, 13.4]);
    const line = planLine({ quantity: sessions(1, 60, 'week'), start: day('2024-12-21'), end: day('2025-01-05') });
    expect(childYearEntitlement([line], custom, custom.end).requiredMinutes).toBe(0);
  });

  it('refuses overlapping terms and terms outside the year', () => {
    const built = buildCalendar([
      { yearStart: 2024, name: 'A', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null },
      { yearStart: 2024, name: 'B', start: day('2024-12-01'), end: day('2025-09-04'), weeks: null },
    ]);
    expect('problems' in built && built.problems).toEqual([
      'term B of 2024 lies outside the academic year (1 September – 31 August)',
      'terms A and B of 2024 overlap',
    ]);
  });

  it('a year the file does not list uses the default calendar', () => {
    const built = buildCalendar([{ yearStart: 2024, name: 'Autumn', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null }]);
    if (!('calendar' in built)) throw new Error('expected a calendar');
    expect(built.calendar.yearTerms(2025).terms.map((term) => term.name)).toEqual(['Autumn', 'Spring', 'Summer']);
  });
});
