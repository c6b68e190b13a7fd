// Entitlement (SPEC 3.1): the minutes a provision line requires in each term of the year, up to as_of.
// Everything stays exact until a child-year total (or a term total) is rounded, once, halves up.
import type { Day } from '../calendar/day.js';
import type { YearTerms } from '../calendar/terms.js';
import { add, div, isZero, mul, rational, roundHalfUp, sum, ZERO, type Rational } from '../exact/rational.js';
import type { PlanLine, Quantity } from '../schema/records.js';

export interface TermCoverage {
  readonly term: string;
  /** Days of the line's period inside the term. */
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

/** Sessions a term requires, given its covered fraction and covered weeks (the table of SPEC 3.1). */
function sessionsInTerm(perUnit: Rational, quantity: Quantity, fraction: Rational, weeks: Rational, yearWeeks: Rational): Rational {
  switch (quantity.frequency) {
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

/** Minutes of one session; an hours-form line counts as sessions of 60 × hours minutes, one per unit. */
export function minutesPerSession(quantity: Quantity): Rational {
  return quantity.form === 'sessions' ? quantity.sessionMinutes : mul(quantity.hours, SIXTY);
}

function sessionsPerUnit(quantity: Quantity): Rational {
  return quantity.form === 'sessions' ? quantity.sessions : rational(1);
}

export function lineEntitlement(line: Pick<PlanLine, 'start' | 'end' | 'quantity'>, yearTerms: YearTerms, asOf: Day): LineEntitlement {
  const start = Math.max(line.start, yearTerms.start);
  const end = Math.min(line.end ?? Number.MAX_SAFE_INTEGER, yearTerms.end, asOf);
  const perUnit = sessionsPerUnit(line.quantity);
  const sessionMinutes = minutesPerSession(line.quantity);
  const terms = yearTerms.terms.map((term): TermCoverage => {
    const coveredDays = Math.max(0, Math.min(end, term.end) - Math.max(start, term.start) + 1);
    const fraction = rational(coveredDays, term.days);
    const weeks = mul(fraction, term.weeks);
    const sessions = coveredDays === 0 ? ZERO : sessionsInTerm(perUnit, line.quantity, fraction, weeks, yearTerms.weeks);
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

export function childYearEntitlement(lines: readonly Pick<PlanLine, 'start' | 'end' | 'quantity'>[], yearTerms: YearTerms, asOf: Day): ChildYearEntitlement {
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
