import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../../src/exact/codePointOrder.js';
import { add, parseDecimal, rational, roundHalfUp, toNumber } from '../../../src/exact/rational.js';

describe('rational', () => {
  it('rounds halves up, exactly, for negatives too', () => {
    expect([rational(1, 2), rational(3, 2), rational(-1, 2), rational(-3, 2), rational(5, 4), rational(7, 4)].map(roundHalfUp)).toEqual([1, 2, 0, -1, 1, 2]);
  });

  it('is exact where floating point is not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(add(parseDecimal('0.1')!, parseDecimal('0.2')!)).toEqual(parseDecimal('0.3'));
    // 1.005 × 100 in floating point is 100.49999…; exactly it is 100.5 → 101.
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(roundHalfUp(rational(parseDecimal('1.005')!.num * 100n, parseDecimal('1.005')!.den))).toBe(101);
  });

  it('reads plain decimals only', () => {
    expect(parseDecimal('45')).toEqual(rational(45));
    expect(parseDecimal('.5')).toEqual(rational(1, 2));
    for (const text of ['1e3', '1,5', '', '.', 'abc', '--1']) expect(parseDecimal(text)).toBeUndefined();
  });

  it('round-trips any decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 4 }), (units, places) => {
        const text = (units / 10 ** places).toFixed(places);
        expect(toNumber(parseDecimal(text)!)).toBeCloseTo(Number(text), 9);
      }),
    );
  });
});

describe('code-point order', () => {
  it('orders characters above U+FFFF after U+E000–U+FFFF, as code points do', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFD').toBe(true);
    expect(['b', 'B', 'a', 'aa'].sort(compareCodePoints)).toEqual(['B', 'a', 'aa', 'b']);
  });
});
