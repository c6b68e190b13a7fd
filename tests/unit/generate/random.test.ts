import { describe, expect, it } from 'vitest';
import { Random, WeightedTable } from '../../../src/generate/random.js';

function draws(seed: number, count: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => rng.nextUint32());
}

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    expect(draws(42, 100)).not.toEqual(draws(43, 100));
  });

  it('keeps the high bits of seeds beyond 32 bits, and takes negative seeds', () => {
    expect(draws(1, 10)).not.toEqual(draws(1 + 2 ** 32, 10));
    expect(draws(-1, 10)).not.toEqual(draws(1, 10));
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => new Random(Number.NaN)).toThrow(RangeError);
    expect(() => new Random(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('draws floats in [0, 1) and integers over the whole inclusive range', () => {
    const rng = new Random(7);
    const floats = Array.from({ length: 10_000 }, () => rng.float());
    expect(floats.every((x) => x >= 0 && x < 1)).toBe(true);
    const ints = new Set(Array.from({ length: 10_000 }, () => rng.int(3, 8)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('follows the weights of a weighted table', () => {
    const rng = new Random(11);
    const table = new WeightedTable<string>([
      ['often', 8],
      ['rarely', 2],
      ['never', 0],
    ]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const item = rng.weighted(table);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect(counts.get('never')).toBeUndefined();
    expect((counts.get('often') ?? 0) / 20_000).toBeCloseTo(0.8, 1);
  });

  it('rounds stochastically with the right mean', () => {
    const rng = new Random(5);
    let total = 0;
    for (let i = 0; i < 20_000; i++) total += rng.roundStochastic(1.3);
    expect(total / 20_000).toBeCloseTo(1.3, 1);
  });

  it('rejects empty choices', () => {
    expect(() => new Random(1).pick([])).toThrow(RangeError);
    expect(() => new WeightedTable([])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', 0]])).toThrow(RangeError);
  });
});
