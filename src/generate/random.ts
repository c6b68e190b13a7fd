// A small seeded generator for synthetic data. sfc32 passes PractRand far beyond what a demo
// needs, costs a handful of 32-bit operations per draw and, unlike Math.random, gives the same
// sequence for the same seed on every machine, which is what makes generated files byte-identical.

const TWO_POW_32 = 4_294_967_296;

/** Spreads one 32-bit word over a well-mixed one, so that seeds 1, 2, 3 start far apart. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Any finite number is a seed; integers beyond 2^32 keep their high bits. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    const whole = Math.trunc(seed);
    const low = whole >>> 0;
    const high = Math.floor(whole / TWO_POW_32) >>> 0;
    this.a = splitmix32(low);
    this.b = splitmix32(high ^ 0x5bd1e995);
    this.c = splitmix32(this.a ^ this.b);
    this.d = splitmix32(low ^ 0x27d4eb2f);
    // The first outputs of a fresh sfc32 still echo the seed words.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    const rotated = (this.c << 21) | (this.c >>> 11);
    this.c = (rotated + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  /** floor(x) or floor(x) + 1, with the fractional part as the chance of the larger: the mean is x. */
  roundStochastic(x: number): number {
    const whole = Math.floor(x);
    return this.float() < x - whole ? whole + 1 : whole;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  weighted<T>(table: WeightedTable<T>): T {
    return table.items[this.weightedIndex(table)] as T;
  }

  weightedIndex(table: WeightedTable<unknown>): number {
    const target = this.float() * table.total;
    const cumulative = table.cumulative;
    // The tables are short (under a dozen entries), so a linear scan beats a binary search.
    for (let i = 0; i < cumulative.length; i++) {
      if (target < (cumulative[i] as number)) return i;
    }
    return cumulative.length - 1;
  }
}

/** Items with relative weights, prepared once so that a weighted draw is one float and a scan. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let running = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new RangeError(`weights must be non-negative, got ${weight}`);
      running += weight;
      this.cumulative[i] = running;
    });
    if (running <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = running;
  }
}
