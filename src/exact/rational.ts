// Exact fractions. Entitlement multiplies covered fractions of terms (days / days of term) by weeks,
// sessions and minutes; the rules round once per child-year, halves up (docs/rules.md#rounding), and a binary float can land
// just under a true .5. Rationals over BigInt make that rounding exact. They are used per provision
// line and per child-year, never per contact row, so their cost does not matter.

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational with a zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

export const ZERO = rational(0n);

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}

export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

export function isZero(a: Rational): boolean {
  return a.num === 0n;
}

export function compare(a: Rational, b: Rational): number {
  const diff = a.num * b.den - b.num * a.den;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

/** Nearest whole number, halves up (towards +∞), exactly. */
export function roundHalfUp(a: Rational): number {
  // floor((2n + d) / 2d) with floor division that is correct for negatives too.
  const numerator = 2n * a.num + a.den;
  const denominator = 2n * a.den;
  let quotient = numerator / denominator;
  if (numerator % denominator !== 0n && numerator < 0n) quotient -= 1n;
  return Number(quotient);
}

export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}

/**
 * Reads a plain decimal ("1.5", "45", "0.75", ".5") exactly. Returns undefined for anything else,
 * including exponents, signs other than a leading minus, and thousands separators.
 */
export function parseDecimal(text: string): Rational | undefined {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt((whole || '0') + fraction);
  const scale = 10n ** BigInt(fraction.length);
  return rational(sign === '-' ? -digits : digits, scale);
}

/**
 * floor(a / b) for integers a and b > 0, exactly: by doubles while a and b are well inside the range
 * where doubles are exact (the quotient is then off by at most one, and the remainder says which way),
 * otherwise by BigInt.
 */
export function floorQuotient(a: number, b: number): number {
  if (Math.abs(a) + 2 * b <= Number.MAX_SAFE_INTEGER) {
    const quotient = Math.floor(a / b);
    const remainder = a - quotient * b;
    return remainder < 0 ? quotient - 1 : remainder >= b ? quotient + 1 : quotient;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  const quotient = x / y;
  return Number(x % y !== 0n && x < 0n ? quotient - 1n : quotient);
}

/** roundHalfUp(rational(numerator, denominator)) without the BigInt rational where doubles are exact. */
export function roundHalfUpOf(numerator: number, denominator: number): number {
  const doubled = 2 * numerator + denominator;
  if (Number.isSafeInteger(numerator) && denominator > 0 && Number.isSafeInteger(doubled) && Number.isSafeInteger(2 * denominator)) {
    return floorQuotient(doubled, 2 * denominator);
  }
  return roundHalfUp(rational(numerator, denominator));
}
