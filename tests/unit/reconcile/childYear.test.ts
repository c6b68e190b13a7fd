import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, rational, roundHalfUp, type Rational } from '../../../src/exact/rational.js';
import { computeChildYear, computeChildYears, deliveredPercentOf, mapChildYears, sessionsOwedFor } from '../../../src/reconcile/childYear.js';
import { ContactLedger } from '../../../src/reconcile/contactLedger.js';
import { buildPlanBook } from '../../../src/reconcile/planBook.js';
import { hoursOf } from '../../../src/result/summary.js';
import { contact, day, planLine, sessions, settings } from '../helpers.js';

/** ceil(shortfall / session minutes) by BigInt, as docs/rules.md#sessions-owed defines it. */
function exactSessionsOwed(shortfallMinutes: number, sessionMinutes: Rational): number {
  if (shortfallMinutes <= 0 || sessionMinutes.num <= 0n) return 0;
  const numerator = BigInt(shortfallMinutes) * sessionMinutes.den;
  const quotient = numerator / sessionMinutes.num;
  return Number(numerator % sessionMinutes.num === 0n ? quotient : quotient + 1n);
}

const sessionMinutes = fc.oneof(
  fc.integer({ min: -5, max: 600 }).map((minutes) => rational(minutes)),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9999 })).map(([whole, fraction]) => parseDecimal(`${whole}.${fraction}`)!),
  fc.constant(parseDecimal('123456789012345678.5')!),
);

describe('child-year numbers by integer arithmetic', () => {
  it('sessions owed are ceil(shortfall / session minutes), exactly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.maxSafeInteger()), sessionMinutes, (shortfall, minutes) => {
        expect(sessionsOwedFor(shortfall, minutes)).toBe(exactSessionsOwed(shortfall, minutes));
      }),
      { seed: 5, numRuns: 3000 },
    );
    expect(sessionsOwedFor(90, rational(45))).toBe(2);
    expect(sessionsOwedFor(91, rational(45))).toBe(3);
    expect(sessionsOwedFor(100, parseDecimal('22.5')!)).toBe(5);
  });

  it('delivered percent and hours round halves up as the exact rationals do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (required, delivered) => {
        expect(deliveredPercentOf(required, delivered)).toBe(required === 0 ? null : roundHalfUp(rational(delivered * 1000, required)) / 10);
        expect(hoursOf(delivered)).toBe(roundHalfUp(rational(delivered * 100, 60)) / 100);
      }),
      { seed: 9, numRuns: 3000 },
    );
    expect(deliveredPercentOf(2000, 1999)).toBe(100);
    expect(deliveredPercentOf(3, 2)).toBe(66.7);
    expect(hoursOf(1)).toBe(0.02);
  });
});

describe('the child-year list of a run', () => {
  const run = settings({ asOf: day('2025-03-31') });
  const lines = [
    planLine({ childId: 'C2', discipline: 'SLT' }),
    planLine({ childId: 'C10' }),
    planLine({ childId: 'C2' }),
    planLine({ childId: 'B7', discipline: 'PT', quantity: sessions(2, 30, 'week') }),
  ];
  const book = buildPlanBook(
    lines.map((line) => ({ line: line.line, reading: { ok: true as const, record: line } })),
    run,
  );
  const contacts = [
    contact({ childId: 'C2', minutes: 45, day: day('2024-10-01') }),
    contact({ childId: 'C2', discipline: 'SLT', minutes: 30, day: day('2024-10-02') }),
  ];
  const ledger = new ContactLedger(book, run, { recall: (row) => contacts[row]! });
  contacts.forEach((row, index) => {
    ledger.addContact(row, index);
  });
  const list = computeChildYears(book, ledger.finish(), run);

  it('reads in child ID then discipline order, the same by position, by iteration and as JSON', () => {
    const read = [...list];
    expect(read.map((row) => `${row.childId}/${row.discipline}`)).toEqual(['B7/PT', 'C10/OT', 'C2/OT', 'C2/SLT']);
    expect(list).toHaveLength(4);
    expect(read.map((_, position) => list.at(position))).toEqual(read);
    expect(list.at(-1)).toEqual(read[3]);
    expect(list.at(4)).toBeUndefined();
    expect(JSON.parse(JSON.stringify({ childYears: list })).childYears).toEqual(read);
    expect(read[2]).toMatchObject({ deliveredMinutes: 45, sessionsDelivered: 1 });
    expect(read[3]).toMatchObject({ deliveredMinutes: 30 });
    // Each child-year is the one computeChildYear makes from the plan book alone.
    const index = [...book.childYears].findIndex((plan) => plan.childId === 'B7');
    expect(read[0]).toEqual(computeChildYear(book.childYears.at(index), index, ledger.finish(), run));
  });

  it('mapChildYears changes each child-year as it is read, and keeps the order', () => {
    const renamed = mapChildYears(list, (row) => ({ ...row, childId: `x${row.childId}` }));
    expect([...renamed].map((row) => row.childId)).toEqual(['xB7', 'xC10', 'xC2', 'xC2']);
    expect(renamed.at(1)?.childId).toBe('xC10');
    expect(renamed).toHaveLength(4);
  });
});
