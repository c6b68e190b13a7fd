// The headline's hours add up as printed (docs/rules.md#headline): delivered within plans + owed (+ the
// shortfall counted as met under a tolerance) = required, to the hundredth, however the minutes round;
// the percent is of the two figures shown; counts of children are distinct children.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statusOf, type ChildYear } from '../../../src/reconcile/childYear.js';
import { computeHeadline, computeSummary, hoursOf, splitRequiredHours } from '../../../src/result/summary.js';
import type { Discipline } from '../../../src/schema/vocabulary.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

interface Minutes {
  readonly childId: string;
  readonly discipline: Discipline;
  readonly required: number;
  readonly delivered: number;
}

/** A child-year as computeChildYears makes one, with only what the headline reads set with care. */
function childYearOf(input: Minutes, tolerance: number): ChildYear {
  const { required, delivered } = input;
  const status = statusOf(required, delivered, tolerance);
  return {
    childId: input.childId,
    discipline: input.discipline,
    year: '2025/26',
    status,
    requiredMinutes: required,
    deliveredMinutes: delivered,
    shortfallMinutes: Math.max(0, required - delivered),
    surplusMinutes: Math.max(0, delivered - required),
    deliveredPercent: null,
    sessionsDelivered: 0,
    sessionsOwed: 0,
    recoveryMinutes: 0,
    sessionMinutes: 45,
    planEnd: null,
    provider: input.childId.endsWith('1') ? 'North' : 'South',
    locality: null,
    commissioner: null,
    establishment: null,
    requiredFullYearMinutes: required,
    bookedMinutes: 0,
    projectedMinutes: delivered,
    atRisk: delivered < required,
    terms: [
      { term: 'Autumn', requiredMinutes: Math.floor(required / 2), deliveredMinutes: Math.floor(delivered / 3) },
      { term: 'Spring', requiredMinutes: required - Math.floor(required / 2), deliveredMinutes: delivered - Math.floor(delivered / 3) },
    ],
  };
}

const minutesArbitrary = fc.record({
  childId: fc.constantFrom('C1', 'C2', 'C3', 'C11', 'C21'),
  discipline: fc.constantFrom<Discipline>('OT', 'SLT', 'PT'),
  // Small values too: that is where rounding to the hundredth of an hour bites (1 minute is 0.0166… h).
  required: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 200_000 })),
  delivered: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 200_000 })),
});

/** A whole number of hundredths: the figures are compared as printed, without floating-point tails. */
function hundredths(hours: number): number {
  return Math.round(hours * 100);
}

describe('the headline adds up as printed', () => {
  it('delivered within plans + owed + within tolerance = required, none negative, the percent of the figures shown', () => {
    fc.assert(
      fc.property(fc.array(minutesArbitrary, { maxLength: 30 }), fc.constantFrom(0, 0, 1, 15, 60), (rows, tolerance) => {
        // One child-year per child and discipline, as a run makes them.
        const unique = [...new Map(rows.map((row) => [`${row.childId} ${row.discipline}`, row])).values()];
        const childYears = unique.map((row) => childYearOf(row, tolerance));
        const headline = computeHeadline(childYears);
        const within = hundredths(headline.deliveredWithinPlanHours);
        const owed = hundredths(headline.hoursOwed);
        const tolerated = hundredths(headline.shortfallWithinToleranceHours);
        const required = hundredths(headline.requiredHours);
        expect(within + owed + tolerated).toBe(required);
        expect(Math.min(within, owed, tolerated, hundredths(headline.deliveredBeyondPlanHours))).toBeGreaterThanOrEqual(0);
        if (tolerance === 0) expect(tolerated).toBe(0);
        expect(headline.deliveredShare).toBe(required === 0 ? null : Math.floor((within * 1000 * 2 + required) / (2 * required)) / 10);
        // The within-plan figure takes the rounding: it is never more than a hundredth from its own minutes rounded.
        const cappedMinutes = childYears.reduce((sum, row) => sum + Math.min(row.requiredMinutes, row.deliveredMinutes), 0);
        expect(Math.abs(within - hundredths(hoursOf(cappedMinutes)))).toBeLessThanOrEqual(1);
        expect(hundredths(headline.deliveredBeyondPlanHours)).toBe(hundredths(hoursOf(childYears.reduce((sum, row) => sum + row.surplusMinutes, 0))));
        expect(headline.hoursOwed).toBe(
          hoursOf(childYears.filter((row) => row.status === 'shortfall' || row.status === 'no-contact').reduce((sum, row) => sum + row.shortfallMinutes, 0)),
        );
        expect(headline.distinctChildren).toBe(new Set(unique.map((row) => row.childId)).size);
        expect(headline.worklistChildren).toBe(
          new Set(childYears.filter((row) => row.status === 'shortfall' || row.status === 'no-contact').map((row) => row.childId)).size,
        );
        expect(headline.childrenInScope).toBe(childYears.length);
        // And every breakdown row and term adds up the same way.
        const summary = computeSummary(
          childYears,
          { plans: { rowsRead: 0, buckets: {} }, contacts: { rowsRead: 0, buckets: {} } },
          {},
          childYears[0]?.terms.map((term) => term.term) ?? [],
        );
        for (const row of [...summary.byProvider, ...summary.byDiscipline]) {
          expect(hundredths(row.deliveredWithinPlanHours) + hundredths(row.owedHours) + hundredths(row.shortfallWithinToleranceHours)).toBe(
            hundredths(row.requiredHours),
          );
        }
        for (const term of summary.byTerm) expect(hundredths(term.deliveredWithinPlanHours) + hundredths(term.owedHours)).toBe(hundredths(term.requiredHours));
      }),
      { numRuns: RUNS },
    );
  });

  it('rounds each boundary once, so that 1 + 1 minutes of 2 are 0.01 + 0.02 = 0.03 hours, not 0.02 + 0.02', () => {
    expect(splitRequiredHours({ required: 2, owed: 1, withinTolerance: 0 })).toEqual({
      requiredHours: 0.03,
      deliveredWithinPlanHours: 0.01,
      owedHours: 0.02,
      withinToleranceHours: 0,
    });
    // The example's OT: 210,067 minutes required, 48,149 owed.
    expect(splitRequiredHours({ required: 210_067, owed: 48_149, withinTolerance: 0 })).toEqual({
      requiredHours: 3501.12,
      deliveredWithinPlanHours: 2698.64,
      owedHours: 802.48,
      withinToleranceHours: 0,
    });
    expect(splitRequiredHours({ required: 100, owed: 1, withinTolerance: 1 })).toEqual({
      requiredHours: 1.67,
      deliveredWithinPlanHours: 1.64,
      owedHours: 0.02,
      withinToleranceHours: 0.01,
    });
  });
});
