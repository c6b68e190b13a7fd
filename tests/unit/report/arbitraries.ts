// fast-check arbitraries for the records the reporters write: child-years and worklist rows.
import fc from 'fast-check';
import type { ChildYear } from '../../../src/reconcile/childYear.js';
import type { WorklistRow } from '../../../src/recovery/worklist.js';
import { DISCIPLINES, ROUTES, STATUSES } from '../../../src/schema/vocabulary.js';

// Texts that JSON escapes or CSV quotes or defuses: quotes, commas, backslashes, control characters,
// lone surrogates, formula starts.
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'Zoë £', 'a"b', 'back\\slash', 'tab\there', 'line\nfeed', '\u0000\u001f', '\ud800', '\udfff x', '\u2028', 'a,b', '-1', '@x', '+y'),
);
// A few values, so that the remembered quotes are used again across rows.
const repeated = fc.constantFrom('North Trust', 'East "Side"', '=cmd', '2026-05-11', 'Zoë');
const nullableText = fc.option(fc.oneof(text, repeated));

/** Child-years with their fields in the order computeChildYear builds them; `number` for the counts and minutes. */
export function childYearArbitrary(number: fc.Arbitrary<number>, nullableNumber: fc.Arbitrary<number | null>): fc.Arbitrary<ChildYear> {
  return fc
    .record({
      childId: text,
      discipline: fc.constantFrom(...DISCIPLINES),
      status: fc.constantFrom(...STATUSES),
      numbers: fc.array(number, { minLength: 13, maxLength: 13 }),
      deliveredPercent: nullableNumber,
      planEnd: nullableText,
      places: fc.array(nullableText, { minLength: 4, maxLength: 4 }),
      atRisk: fc.boolean(),
      terms: fc.array(fc.record({ term: fc.oneof(text, fc.constantFrom('Autumn', 'Spring')), requiredMinutes: number, deliveredMinutes: number }), {
        maxLength: 6,
      }),
    })
    .map(({ childId, discipline, status, numbers: n, deliveredPercent, planEnd, places, atRisk, terms }) => ({
      // The order computeChildYear builds the fields in.
      childId,
      discipline,
      year: '2025/26',
      status,
      requiredMinutes: n[0]!,
      deliveredMinutes: n[1]!,
      shortfallMinutes: n[2]!,
      surplusMinutes: n[3]!,
      deliveredPercent,
      sessionsDelivered: n[4]!,
      sessionsOwed: n[5]!,
      recoveryMinutes: n[6]!,
      sessionMinutes: n[7]!,
      planEnd,
      provider: places[0]!,
      locality: places[1]!,
      commissioner: places[2]!,
      establishment: places[3]!,
      requiredFullYearMinutes: n[8]!,
      bookedMinutes: n[9]!,
      projectedMinutes: n[10]!,
      atRisk,
      terms,
    }));
}

/** Worklist rows with their fields in the order buildWorklist builds them. */
export function worklistRowArbitrary(number: fc.Arbitrary<number>, nullableNumber: fc.Arbitrary<number | null>): fc.Arbitrary<WorklistRow> {
  return fc
    .record({
      childId: text,
      discipline: fc.constantFrom(...DISCIPLINES),
      status: fc.constantFrom(...STATUSES),
      numbers: fc.array(number, { minLength: 8, maxLength: 8 }),
      places: fc.array(nullableText, { minLength: 3, maxLength: 3 }),
      sessionsPerWeek: nullableNumber,
      route: fc.option(fc.constantFrom(...ROUTES)),
      estimatedCost: nullableNumber,
    })
    .map(({ childId, discipline, status, numbers: n, places, sessionsPerWeek, route, estimatedCost }) => ({
      // The order buildWorklist builds the fields in.
      rank: n[0]!,
      childId,
      discipline,
      status,
      provider: places[0]!,
      locality: places[1]!,
      requiredMinutes: n[1]!,
      deliveredMinutes: n[2]!,
      shortfallMinutes: n[3]!,
      sessionsOwed: n[4]!,
      sessionMinutes: n[5]!,
      planEnd: places[2]!,
      deadline: '2026-08-31',
      weeksLeft: n[6]!,
      sessionsPerWeek,
      route,
      estimatedCost,
    }));
}
