import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, buildCalendar, type YearTerms } from '../../../src/calendar/terms.js';
import { childYearEntitlement, lineEntitlement } from '../../../src/reconcile/entitlement.js';
import { floorQuotient, roundHalfUpOf } from '../../../src/exact/rational.js';
import { add, parseDecimal, rational, roundHalfUp, toNumber, ZERO } from '../../../src/exact/rational.js';
import type { PlanLine } from '../../../src/schema/records.js';
import { FREQUENCIES } from '../../../src/schema/vocabulary.js';
import { SIX_HALF_TERMS, THREE_TERMS, yearOf, type CalendarRow } from '../calendar/councilTerms.js';
import { day, hours, planLine, sessions } from '../helpers.js';

const year = DEFAULT_CALENDAR.yearTerms(2024);

describe('entitlement (docs/rules.md worked examples, default calendar, 2024/25)', () => {
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
      { yearStart: 2024, name: 'A', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null, line: 2 },
      { yearStart: 2024, name: 'B', start: day('2024-12-01'), end: day('2025-04-04'), weeks: null, line: 3 },
      { yearStart: 2024, name: 'C', start: day('2025-04-22'), end: day('2025-09-04'), weeks: null },
    ]);
    expect('problems' in built && built.problems).toEqual([
      'terms A (line 2) and B (line 3) of 2024/25 overlap',
      'term C of 2024/25 lies outside the academic year (1 September – 31 August)',
    ]);
  });

  it('a year the file does not list uses the default calendar', () => {
    const built = buildCalendar([
      { yearStart: 2024, name: 'Autumn', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null },
      { yearStart: 2024, name: 'Spring', start: day('2025-01-06'), end: day('2025-04-04'), weeks: null },
      { yearStart: 2024, name: 'Summer', start: day('2025-04-22'), end: day('2025-07-23'), weeks: null },
    ]);
    if (!('calendar' in built)) throw new Error('expected a calendar');
    expect(built.calendar.yearTerms(2025).terms.map((term) => term.name)).toEqual(['Autumn', 'Spring', 'Summer']);
  });
});

describe('a calendar of six half-terms (Birmingham 2025/26) against the same dates as three terms', () => {
  const asThreeTerms = yearOf(THREE_TERMS);
  const asSixHalves = yearOf(SIX_HALF_TERMS);
  const wholeYear = (quantity: ReturnType<typeof sessions>, year: YearTerms) => {
    const line = planLine({ quantity, start: day('2025-09-01') });
    return { detail: lineEntitlement(line, year, year.end), minutes: childYearEntitlement([line], year, year.end).requiredMinutes };
  };

  it.each([
    ['three terms', asThreeTerms],
    ['six half-terms', asSixHalves],
  ])('"6 per term" over the year is 18 sessions, and "3 per half-term" 18 too, listed as %s', (_shape, year) => {
    const perTerm = wholeYear(sessions(6, 45, 'term'), year);
    expect(perTerm.detail.terms.map((term) => term.term)).toEqual(['Autumn', 'Spring', 'Summer']);
    expect(toNumber(perTerm.detail.coveredTerms)).toBe(3);
    expect(toNumber(perTerm.detail.sessions)).toBe(18);
    expect(perTerm.minutes).toBe(18 * 45);
    const perHalfTerm = wholeYear(sessions(3, 30, 'half-term'), year);
    expect(toNumber(perHalfTerm.detail.sessions)).toBe(18);
    expect(perHalfTerm.minutes).toBe(18 * 30);
  });

  it('"1 per week" over the year counts the term weeks only: the halves leave out the three half-term weeks', () => {
    // Weekdays / 5. Three terms: 16 + 12 + 14.2. Six halves: 8 + 7, 6 + 5, 6 + 7.2.
    const threeTerms = wholeYear(sessions(1, 60, 'week'), asThreeTerms);
    const sixHalves = wholeYear(sessions(1, 60, 'week'), asSixHalves);
    expect(toNumber(threeTerms.detail.coveredWeeks)).toBe(42.2);
    expect(toNumber(sixHalves.detail.coveredWeeks)).toBe(39.2);
    expect(threeTerms.minutes).toBe(2532);
    expect(sixHalves.minutes).toBe(2352);
  });

  it('a line starting in the half-term holiday covers the second half only', () => {
    // From Monday 27 October: all of Autumn 2 (47 of Autumn's 54 + 47 days), then Spring and Summer.
    const line = planLine({ quantity: sessions(6, 45, 'term'), start: day('2025-10-27') });
    const detail = lineEntitlement(line, asSixHalves, asSixHalves.end);
    expect(detail.terms.map((term) => [term.coveredDays, term.fraction])).toEqual([
      [47, rational(47, 101)],
      [73, rational(1)],
      [90, rational(1)],
    ]);
    // 6 × (47/101 + 2) sessions × 45 minutes = 67230/101 = 665.6… → 666.
    expect(childYearEntitlement([line], asSixHalves, asSixHalves.end).requiredMinutes).toBe(666);
    // Listed as three terms, the holiday is term time: 54 of Autumn's 110 days.
    expect(lineEntitlement(line, asThreeTerms, asThreeTerms.end).terms[0]?.coveredDays).toBe(54);
  });

  it('a line inside the half-term holiday requires nothing, up to an as-of inside it too', () => {
    const line = planLine({ quantity: sessions(1, 60, 'week'), start: day('2025-10-25'), end: day('2025-11-02') });
    expect(childYearEntitlement([line], asSixHalves, asSixHalves.end).requiredMinutes).toBe(0);
    const weekly = planLine({ quantity: sessions(1, 60, 'week'), start: day('2025-09-01') });
    // As of half-term Wednesday: Autumn 1 only, 54 of 101 days × 15 weeks.
    expect(lineEntitlement(weekly, asSixHalves, day('2025-10-29')).coveredWeeks).toEqual(rational(54 * 15, 101));
  });

  it('per-term minutes follow the halves', () => {
    const line = planLine({ quantity: sessions(3, 30, 'half-term'), start: day('2025-09-01') });
    expect(childYearEntitlement([line], asSixHalves, day('2026-03-31'))).toEqual({ requiredMinutes: 360, termMinutes: [180, 180, 0] });
  });
});

/** The entitlement rule straight from the exact per-line rationals: the sums childYearEntitlement must give. */
function exactSums(lines: readonly PlanLine[], yearTerms: YearTerms, asOf: number): { requiredMinutes: number; termMinutes: number[] } {
  let total = ZERO;
  const terms = yearTerms.terms.map(() => ZERO);
  for (const line of lines) {
    const entitlement = lineEntitlement(line, yearTerms, asOf);
    total = add(total, entitlement.minutes);
    entitlement.terms.forEach((term, index) => {
      terms[index] = add(terms[index]!, term.minutes);
    });
  }
  return { requiredMinutes: roundHalfUp(total), termMinutes: terms.map(roundHalfUp) };
}

function customYear(weeks: readonly (string | null)[]): YearTerms {
  const built = buildCalendar([
    { yearStart: 2024, name: 'Autumn', start: day('2024-09-04'), end: day('2024-12-19'), weeks: weeks[0] == null ? null : parseDecimal(weeks[0])! },
    { yearStart: 2024, name: 'Spring', start: day('2025-01-07'), end: day('2025-03-28'), weeks: weeks[1] == null ? null : parseDecimal(weeks[1])! },
    { yearStart: 2024, name: 'Summer', start: day('2025-04-14'), end: day('2025-07-22'), weeks: weeks[2] == null ? null : parseDecimal(weeks[2])! },
  ]);
  if (!('calendar' in built)) throw new Error(built.problems.join());
  return built.calendar.yearTerms(2024);
}

const HALVES_OF_2024: readonly CalendarRow[] = [
  ['Autumn 1', '2024-09-02', '2024-10-25'],
  ['Autumn 2', '2024-11-04', '2024-12-20'],
  ['Spring 1', '2025-01-06', '2025-02-14'],
  ['Spring 2', '2025-02-24', '2025-04-11'],
  ['Summer 1', '2025-04-28', '2025-05-23'],
  ['Summer 2', '2025-06-02', '2025-07-21'],
];

describe('child-year sums by integers (the fast path) equal the exact rationals', () => {
  const decimal = (maxWhole: number, maxDecimals: number) =>
    fc
      .tuple(fc.integer({ min: 0, max: maxWhole }), fc.integer({ min: 0, max: 10 ** maxDecimals - 1 }), fc.integer({ min: 0, max: maxDecimals }))
      .map(([whole, fraction, decimals]) => (decimals === 0 ? String(whole) : `${whole}.${String(fraction % 10 ** decimals).padStart(decimals, '0')}`));
  const quantity = fc.oneof(
    fc.tuple(decimal(12, 2), decimal(120, 2), fc.constantFrom(...FREQUENCIES)).map(([count, minutes, frequency]) => sessions(count, minutes, frequency)),
    fc.tuple(decimal(6, 3), fc.constantFrom(...FREQUENCIES)).map(([count, frequency]) => hours(count, frequency)),
    // Past the range of exact doubles: the exact rationals take over.
    fc.constantFrom(sessions('123456789012.3456789', '98765.4321', 'week'), hours('9007199254740993', 'term')),
  );
  const yearStart = day('2024-09-01');
  const line = fc
    .tuple(quantity, fc.integer({ min: -60, max: 400 }), fc.option(fc.integer({ min: -30, max: 420 })))
    .map(([q, start, length]) => planLine({ quantity: q, start: yearStart + start, end: length === null ? null : yearStart + start + length }));
  const years: readonly YearTerms[] = [
    DEFAULT_CALENDAR.yearTerms(2024),
    customYear([null, null, null]),
    customYear(['14.5', '11.25', '0']),
    // Denominators whose common multiple passes 2^53: the rates cannot be integers.
    customYear(['13.000000000000001', '12.00000000000007', '12.9999999999993']),
    // Six half-terms: a term's days are those of its two halves.
    yearOf(HALVES_OF_2024, 2024),
    yearOf(
      HALVES_OF_2024.map(([name, start, end], index) => [name, start, end, ['7.5', '6.25', '6', '5.5', '6.2', '7.3'][index]!]),
      2024,
    ),
  ];

  it('for any lines, calendar and as-of date', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 0, maxLength: 4 }),
        fc.constantFrom(...years),
        fc.integer({ min: -10, max: 380 }),
        (lines, yearTerms, asOfOffset) => {
          const asOf = yearTerms.start + asOfOffset;
          expect(childYearEntitlement(lines, yearTerms, asOf)).toEqual(exactSums(lines, yearTerms, asOf));
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('integer division and rounding', () => {
  const big = (n: number) => BigInt(n);
  it('floorQuotient is floor(a / b) exactly, in and past the range of exact doubles', () => {
    const integer = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, -(2 ** 60)));
    fc.assert(
      fc.property(integer, fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1 }), fc.constantFrom(2 ** 52, 2 ** 60)), (a, b) => {
        const quotient = big(a) / big(b);
        const floor = big(a) % big(b) !== 0n && a < 0 ? quotient - 1n : quotient;
        expect(floorQuotient(a, b)).toBe(Number(floor));
      }),
      { seed: 11, numRuns: 5000 },
    );
  });

  it('roundHalfUpOf agrees with the exact rational rounding', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.maxSafeInteger()),
        fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.maxSafeInteger()),
        (numerator, denominator) => {
          fc.pre(denominator !== 0);
          expect(roundHalfUpOf(numerator, denominator)).toBe(roundHalfUp(rational(numerator, denominator)));
        },
      ),
      { seed: 13, numRuns: 5000 },
    );
    expect(roundHalfUpOf(5, 2)).toBe(3);
    expect(roundHalfUpOf(-5, 2)).toBe(-2);
    expect(() => roundHalfUpOf(1, 0)).toThrow(RangeError);
  });
});
