import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, rational, roundHalfUp, type Rational } from '../../../src/exact/rational.js';
import { deliveredPercentOf, sessionsOwedFor } from '../../../src/reconcile/childYear.js';
import { hoursOf } from '../../../src/report/summary.js';

/** ceil(shortfall / session minutes) by BigInt, as SPEC 3.3 defines it. */
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
