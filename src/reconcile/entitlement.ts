// Entitlement (docs/rules.md#entitlement): the minutes a provision line requires in each term of the year, up to as_of.
// Everything stays exact until a child-year total (or a term total) is rounded, once, halves up.
import type { Day } from '../calendar/day.js';
import { coveredDaysOf, type YearTerms } from '../calendar/terms.js';
import { add, div, isZero, mul, rational, roundHalfUp, roundHalfUpOf, sum, ZERO, type Rational } from '../exact/rational.js';
import type { PlanLine, Quantity } from '../schema/records.js';
import { FREQUENCIES, type Frequency } from '../schema/vocabulary.js';

export interface TermCoverage {
  readonly term: string;
  /** Days of the line's period inside the term (inside its halves, when it has two). */
  readonly coveredDays: number;
  /** f_t = covered days / days of the term. */
  readonly fraction: Rational;
  /** f_t × weeks_t. */
  readonly weeks: Rational;
  readonly sessions: Rational;
  readonly minutes: Rational;
}

export interface LineEntitlement {
  /** P = [start, end] ∩ year ∩ [.., as_of]; null when empty. */
  readonly period: { readonly start: Day; readonly end: Day } | null;
  readonly terms: readonly TermCoverage[];
  /** W = Σ f_t × weeks_t. */
  readonly coveredWeeks: Rational;
  /** T = Σ f_t. */
  readonly coveredTerms: Rational;
  readonly sessions: Rational;
  readonly minutes: Rational;
}

const TWO = rational(2);
const MONTH_PER_WEEK = rational(12, 52);
const SIXTY = rational(60);

/** Sessions a term requires, given its covered fraction and covered weeks (docs/rules.md#frequency-table). */
function sessionsInTerm(perUnit: Rational, frequency: Frequency, fraction: Rational, weeks: Rational, yearWeeks: Rational): Rational {
  switch (frequency) {
    case 'week':
      return mul(perUnit, weeks);
    case 'fortnight':
      return div(mul(perUnit, weeks), TWO);
    case 'month':
      return mul(mul(perUnit, weeks), MONTH_PER_WEEK);
    case 'half-term':
      return mul(mul(perUnit, TWO), fraction);
    case 'term':
      return mul(perUnit, fraction);
    case 'year':
      return isZero(yearWeeks) ? ZERO : div(mul(perUnit, weeks), yearWeeks);
  }
}

/**
 * Minutes of one session. A line given in hours is booked as 60-minute sessions, whatever its number of
 * hours ("3 hours per term" is three one-hour appointments, not one of three hours): see
 * docs/rules.md#sessions-owed.
 */
export function minutesPerSession(quantity: Quantity): Rational {
  return quantity.form === 'sessions' ? quantity.sessionMinutes : SIXTY;
}

/** Sessions a frequency unit asks for: an hours-form line asks for one 60-minute session per hour. */
function sessionsPerUnit(quantity: Quantity): Rational {
  return quantity.form === 'sessions' ? quantity.sessions : quantity.hours;
}

export function lineEntitlement(line: Pick<PlanLine, 'start' | 'end' | 'quantity'>, yearTerms: YearTerms, asOf: Day): LineEntitlement {
  const start = Math.max(line.start, yearTerms.start);
  const end = Math.min(line.end ?? Number.MAX_SAFE_INTEGER, yearTerms.end, asOf);
  const perUnit = sessionsPerUnit(line.quantity);
  const sessionMinutes = minutesPerSession(line.quantity);
  const terms = yearTerms.terms.map((term): TermCoverage => {
    const coveredDays = coveredDaysOf(term, start, end);
    const fraction = rational(coveredDays, term.days);
    const weeks = mul(fraction, term.weeks);
    const sessions = coveredDays === 0 ? ZERO : sessionsInTerm(perUnit, line.quantity.frequency, fraction, weeks, yearTerms.weeks);
    return { term: term.name, coveredDays, fraction, weeks, sessions, minutes: mul(sessions, sessionMinutes) };
  });
  return {
    period: end >= start ? { start, end } : null,
    terms,
    coveredWeeks: sum(terms.map((t) => t.weeks)),
    coveredTerms: sum(terms.map((t) => t.fraction)),
    sessions: sum(terms.map((t) => t.sessions)),
    minutes: sum(terms.map((t) => t.minutes)),
  };
}

export interface ChildYearEntitlement {
  /** Required minutes of the child-year, rounded once, halves up. */
  readonly requiredMinutes: number;
  /** Required minutes per term, each rounded on its own. */
  readonly termMinutes: readonly number[];
}

/**
 * The child-year's required minutes: Σ over lines and terms of covered days × minutes per unit × the
 * term's sessions per unit per covered day. Summed as integers over one common denominator while they
 * stay exact in a double (a few multiplications per line instead of dozens of BigInt rationals);
 * otherwise as BigInt rationals, line by line. Both give the same exact sums.
 */
export function childYearEntitlement(lines: readonly Pick<PlanLine, 'start' | 'end' | 'quantity'>[], yearTerms: YearTerms, asOf: Day): ChildYearEntitlement {
  const rates = dailyRatesOf(yearTerms);
  return (rates && integerEntitlement(lines, yearTerms, asOf, rates)) ?? exactEntitlement(lines, yearTerms, asOf);
}

function exactEntitlement(lines: readonly Pick<PlanLine, 'start' | 'end' | 'quantity'>[], yearTerms: YearTerms, asOf: Day): ChildYearEntitlement {
  let total = ZERO;
  const termTotals = yearTerms.terms.map(() => ZERO);
  for (const line of lines) {
    const entitlement = lineEntitlement(line, yearTerms, asOf);
    total = add(total, entitlement.minutes);
    entitlement.terms.forEach((term, index) => {
      termTotals[index] = add(termTotals[index] ?? ZERO, term.minutes);
    });
  }
  return { requiredMinutes: roundHalfUp(total), termMinutes: termTotals.map(roundHalfUp) };
}

/**
 * Sessions per unit that one covered day of each term requires, by frequency, as integer numerators
 * over one denominator. sessionsInTerm is linear in the covered fraction and weeks, so a line's
 * minutes in a term are covered days × minutes per unit × this rate, exactly. The terms' spans (one
 * per term, or its two halves) are laid out flat beside them for the per-line loop.
 */
interface DailyRates {
  readonly numerators: Readonly<Record<Frequency, readonly number[]>>;
  readonly denominator: number;
  readonly spanStarts: readonly number[];
  readonly spanEnds: readonly number[];
  /** The index of the term each span belongs to. */
  readonly spanTerms: readonly number[];
}

const ratesOfYear = new WeakMap<YearTerms, DailyRates | null>();

/** Null when the calendar's weeks would take the common denominator out of the range of exact doubles. */
function dailyRatesOf(yearTerms: YearTerms): DailyRates | null {
  let rates = ratesOfYear.get(yearTerms);
  if (rates === undefined) {
    rates = computeDailyRates(yearTerms);
    ratesOfYear.set(yearTerms, rates);
  }
  return rates;
}

function computeDailyRates(yearTerms: YearTerms): DailyRates | null {
  const one = rational(1);
  const exact = FREQUENCIES.map((frequency) =>
    yearTerms.terms.map((term) => {
      const fraction = rational(1, term.days);
      return sessionsInTerm(one, frequency, fraction, mul(fraction, term.weeks), yearTerms.weeks);
    }),
  );
  let denominator = 1;
  for (const rate of exact.flat()) {
    const den = Number(rate.den);
    denominator = (denominator / gcdOf(denominator, den)) * den;
    if (!Number.isSafeInteger(denominator) || rate.num < 0n) return null;
  }
  const scale = BigInt(denominator);
  const numerators = exact.map((perTerm) => perTerm.map((rate) => Number((rate.num * scale) / rate.den)));
  if (!numerators.flat().every(Number.isSafeInteger)) return null;
  const spans = yearTerms.terms.flatMap((term, termIndex) => term.spans.map((span) => ({ ...span, termIndex })));
  return {
    numerators: Object.fromEntries(FREQUENCIES.map((frequency, index) => [frequency, numerators[index]!])) as Record<Frequency, number[]>,
    denominator,
    spanStarts: spans.map((span) => span.start),
    spanEnds: spans.map((span) => span.end),
    spanTerms: spans.map((span) => span.termIndex),
  };
}

/**
 * Undefined when an integer would leave the range where doubles are exact. Every product and sum here
 * is of non-negative integers, so one that passed 2^53 on the way leaves the total past it too.
 */
function integerEntitlement(
  lines: readonly Pick<PlanLine, 'start' | 'end' | 'quantity'>[],
  yearTerms: YearTerms,
  asOf: Day,
  rates: DailyRates,
): ChildYearEntitlement | undefined {
  const termNumerators: number[] = [];
  for (let t = 0; t < yearTerms.terms.length; t++) termNumerators.push(0);
  const { spanStarts, spanEnds, spanTerms } = rates;
  // Each line's minutes per unit are num / den; the term sums are kept over the lines' common den.
  let commonDen = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quantity = line.quantity;
    let num: number;
    let den: number;
    if (quantity.form === 'sessions') {
      num = Number(quantity.sessions.num) * Number(quantity.sessionMinutes.num);
      den = Number(quantity.sessions.den) * Number(quantity.sessionMinutes.den);
    } else {
      num = Number(quantity.hours.num) * 60;
      den = Number(quantity.hours.den);
    }
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 0) return undefined;
    if (den !== commonDen) {
      const reduced = gcdOf(num, den);
      num /= reduced;
      den /= reduced;
      if (commonDen % den !== 0) {
        const scale = den / gcdOf(commonDen, den);
        for (let t = 0; t < termNumerators.length; t++) termNumerators[t]! *= scale;
        commonDen *= scale;
      }
      num *= commonDen / den;
    }
    const start = Math.max(line.start, yearTerms.start);
    const end = Math.min(line.end ?? Number.MAX_SAFE_INTEGER, yearTerms.end, asOf);
    const perDay = rates.numerators[quantity.frequency];
    for (let s = 0; s < spanStarts.length; s++) {
      const coveredDays = Math.min(end, spanEnds[s]!) - Math.max(start, spanStarts[s]!) + 1;
      if (coveredDays > 0) {
        const t = spanTerms[s]!;
        termNumerators[t]! += num * coveredDays * perDay[t]!;
      }
    }
  }
  let total = 0;
  for (let t = 0; t < termNumerators.length; t++) total += termNumerators[t]!;
  const denominator = commonDen * rates.denominator;
  if (!Number.isSafeInteger(total) || !Number.isSafeInteger(denominator)) return undefined;
  const termMinutes: number[] = [];
  for (let t = 0; t < termNumerators.length; t++) termMinutes.push(roundHalfUpOf(termNumerators[t]!, denominator));
  return { requiredMinutes: roundHalfUpOf(total, denominator), termMinutes };
}

function gcdOf(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}
