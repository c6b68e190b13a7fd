import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, DEFAULT_CALENDAR } from '../../../src/calendar/terms.js';
import { compareCodePoints } from '../../../src/exact/codePointOrder.js';
import { parseDecimal } from '../../../src/exact/rational.js';
import type { ChildYear } from '../../../src/reconcile/childYear.js';
import { buildWorklist, compareForWorklist, defaultDeadline } from '../../../src/recovery/worklist.js';
import { day } from '../helpers.js';

function childYear(overrides: Partial<ChildYear>): ChildYear {
  const required = overrides.requiredMinutes ?? 1000;
  const delivered = overrides.deliveredMinutes ?? 500;
  return {
    childId: 'C1',
    discipline: 'OT',
    year: '2024/25',
    status: 'shortfall',
    requiredMinutes: required,
    deliveredMinutes: delivered,
    shortfallMinutes: Math.max(0, required - delivered),
    surplusMinutes: 0,
    deliveredPercent: null,
    sessionsDelivered: 0,
    sessionsOwed: 12,
    recoveryMinutes: 0,
    sessionMinutes: 45,
    planEnd: null,
    provider: null,
    locality: null,
    commissioner: null,
    establishment: null,
    requiredFullYearMinutes: required,
    bookedMinutes: 0,
    projectedMinutes: delivered,
    atRisk: false,
    terms: [],
    ...overrides,
  };
}

describe('worklist order (docs/rules.md#order): each key breaks a tie of the ones before', () => {
  const compare = compareForWorklist('2025-07-31');
  const sorted = (rows: ChildYear[]) => [...rows].sort(compare).map((row) => row.childId);

  it('1. no-contact before shortfall', () => {
    expect(
      sorted([
        childYear({ childId: 'A', requiredMinutes: 1000, deliveredMinutes: 10 }),
        childYear({ childId: 'B', status: 'no-contact', requiredMinutes: 100, deliveredMinutes: 0 }),
      ]),
    ).toEqual(['B', 'A']);
  });
  it('2. a plan ending before the deadline comes first', () => {
    expect(sorted([childYear({ childId: 'A', deliveredMinutes: 100 }), childYear({ childId: 'B', planEnd: '2025-05-01' })])).toEqual(['B', 'A']);
    // ending on the deadline itself is not before it
    expect(sorted([childYear({ childId: 'A', deliveredMinutes: 100 }), childYear({ childId: 'B', planEnd: '2025-07-31' })])).toEqual(['A', 'B']);
  });
  it('3. larger share of required first', () => {
    expect(
      sorted([
        childYear({ childId: 'A', requiredMinutes: 1000, deliveredMinutes: 500 }),
        childYear({ childId: 'B', requiredMinutes: 100, deliveredMinutes: 40 }),
      ]),
    ).toEqual(['B', 'A']);
  });
  it('4. equal share: more shortfall minutes first', () => {
    expect(
      sorted([
        childYear({ childId: 'A', requiredMinutes: 100, deliveredMinutes: 50 }),
        childYear({ childId: 'B', requiredMinutes: 1000, deliveredMinutes: 500 }),
      ]),
    ).toEqual(['B', 'A']);
  });
  it('5. then child ID in code-point order, then discipline', () => {
    expect(sorted([childYear({ childId: 'b' }), childYear({ childId: 'B' }), childYear({ childId: 'a' })])).toEqual(['B', 'a', 'b']);
    const rows = [childYear({ childId: 'X', discipline: 'SLT' }), childYear({ childId: 'X', discipline: 'OT' })];
    expect([...rows].sort(compare).map((row) => row.discipline)).toEqual(['OT', 'SLT']);
  });
});

describe('the worklist is in compareForWorklist order', () => {
  // Few distinct values, so that every key ties often and the next one has to decide.
  const owingChildYear = fc
    .record({
      childId: fc.constantFrom('A', 'B', 'b', 'C10', 'C9', '\u{1F600}', '\uFFFD'),
      discipline: fc.constantFrom('OT', 'SLT', 'PT'),
      status: fc.constantFrom('shortfall', 'no-contact', 'met', 'not-due'),
      requiredMinutes: fc.oneof(fc.constantFrom(100, 200, 300, 450, 1000), fc.integer({ min: 1, max: 5000 }), fc.constant(2 ** 27)),
      deliveredShare: fc.constantFrom(0, 0.25, 0.5, 0.8),
      planEnd: fc.constantFrom(null, '2025-05-01', '2025-07-31', '2025-09-01'),
    })
    .map(({ requiredMinutes, deliveredShare, status, ...rest }) => {
      const deliveredMinutes = status === 'no-contact' ? 0 : Math.floor(requiredMinutes * deliveredShare);
      return childYear({ ...rest, status: status as ChildYear['status'], requiredMinutes, deliveredMinutes });
    });

  it('for child-years in any order, with ties on every key', () => {
    fc.assert(
      fc.property(fc.array(owingChildYear, { maxLength: 40 }), fc.boolean(), (rows, inChildOrder) => {
        const input = inChildOrder ? [...rows].sort((a, b) => compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline)) : rows;
        const worklist = buildWorklist(input, { calendar: DEFAULT_CALENDAR, asOf: day('2025-02-14'), recoverBy: day('2025-07-31') });
        const expected = input.filter((row) => row.status === 'shortfall' || row.status === 'no-contact').sort(compareForWorklist('2025-07-31'));
        expect(worklist.rows.map((row) => [row.childId, row.discipline, row.status, row.requiredMinutes, row.shortfallMinutes, row.planEnd])).toEqual(
          expected.map((row) => [row.childId, row.discipline, row.status, row.requiredMinutes, row.shortfallMinutes, row.planEnd]),
        );
      }),
      { seed: 17, numRuns: 1000 },
    );
  });
});

describe('deadline and weeks left', () => {
  it('defaults to the end of the first term that starts after as-of, across a year boundary', () => {
    expect(defaultDeadline(DEFAULT_CALENDAR, day('2025-03-31'))).toBe(day('2025-08-31'));
    expect(defaultDeadline(DEFAULT_CALENDAR, day('2025-06-15'))).toBe(day('2025-12-31'));
    expect(defaultDeadline(DEFAULT_CALENDAR, day('2024-10-15'))).toBe(day('2025-03-31'));
  });

  it('with a custom calendar, counts from its terms (and the default calendar past its end)', () => {
    const built = buildCalendar([
      { yearStart: 2024, name: 'Autumn', start: day('2024-09-02'), end: day('2024-12-20'), weeks: null },
      { yearStart: 2024, name: 'Spring', start: day('2025-01-06'), end: day('2025-04-04'), weeks: null },
      { yearStart: 2024, name: 'Summer', start: day('2025-04-22'), end: day('2025-07-23'), weeks: null },
    ]);
    if (!('calendar' in built)) throw new Error('calendar');
    expect(defaultDeadline(built.calendar, day('2024-12-21'))).toBe(day('2025-04-04'));
    expect(defaultDeadline(built.calendar, day('2025-07-01'))).toBe(day('2025-12-31'));
  });

  it('weeks left are the term-time weeks from the day after as-of to the deadline', () => {
    // 2025-02-14 → 2025-03-31: 45 of Spring's 90 days × 12 weeks = 6 weeks.
    const worklist = buildWorklist([childYear({ sessionsOwed: 12 })], { calendar: DEFAULT_CALENDAR, asOf: day('2025-02-14'), recoverBy: day('2025-03-31') });
    expect(worklist.weeksLeft).toBe(6);
    expect(worklist.rows[0]?.sessionsPerWeek).toBe(2);
    expect(worklist.rows[0]?.route).toBeNull();
  });
});

describe('capacity and cost', () => {
  const asOf = day('2025-02-14');
  const recoverBy = day('2025-03-31'); // 6 weeks left

  it('hands the budget out in order; a large child that does not fit does not stop a later small one', () => {
    // capacity 1 h/week × 6 weeks = 360 minutes.
    const rows = [
      childYear({ childId: 'A', requiredMinutes: 1000, deliveredMinutes: 700 }), // 300, fits → in-house, 60 left
      childYear({ childId: 'B', requiredMinutes: 1000, deliveredMinutes: 900 }), // 100, does not fit
      childYear({ childId: 'C', requiredMinutes: 1000, deliveredMinutes: 940 }), // 60, fits exactly
    ];
    const worklist = buildWorklist(rows, { calendar: DEFAULT_CALENDAR, asOf, recoverBy, capacity: parseDecimal('1'), rate: parseDecimal('75') });
    expect(worklist.rows.map((row) => [row.childId, row.route])).toEqual([
      ['A', 'in-house'],
      ['B', 'independent'],
      ['C', 'in-house'],
    ]);
    expect(worklist.rows.map((row) => row.estimatedCost)).toEqual([null, 125, null]);
    expect(worklist.totalCost).toBe(125);
    expect(worklist.inHouseHours).toBe(6);
    expect(worklist.capacityHours).toBe(6);
  });

  it('costs round to the penny, halves up, and the total is the sum of the rows', () => {
    // 7 minutes at £72.35/h = 844.083… pence → £8.44; 1 minute at £0.30/h = 0.5p → 1p.
    const worklist = buildWorklist(
      [childYear({ childId: 'A', requiredMinutes: 107, deliveredMinutes: 100 }), childYear({ childId: 'B', requiredMinutes: 1001, deliveredMinutes: 1000 })],
      { calendar: DEFAULT_CALENDAR, asOf, recoverBy, rate: parseDecimal('72.35') },
    );
    expect(worklist.rows.map((row) => row.estimatedCost)).toEqual([8.44, 1.21]);
    expect(worklist.totalCost).toBe(9.65);
    const penny = buildWorklist([childYear({ requiredMinutes: 1001, deliveredMinutes: 1000 })], {
      calendar: DEFAULT_CALENDAR,
      asOf,
      recoverBy,
      rate: parseDecimal('0.30'),
    });
    expect(penny.rows[0]?.estimatedCost).toBe(0.01);
  });

  it('no weeks left: sessions per week is blank', () => {
    const worklist = buildWorklist([childYear({})], { calendar: DEFAULT_CALENDAR, asOf: day('2025-08-30'), recoverBy: day('2025-08-31') });
    expect(worklist.weeksLeft).toBeGreaterThan(0);
    const none = buildWorklist([childYear({})], { calendar: DEFAULT_CALENDAR, asOf: day('2025-08-31'), recoverBy: day('2025-08-31') });
    expect(none.rows[0]?.sessionsPerWeek).toBeNull();
  });
});
