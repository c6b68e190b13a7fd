// The outcome of each child-year (docs/rules.md#outcome-of-a-child-year) and its year-end forecast
// (docs/rules.md#forecast).
import { formatYear } from '../calendar/academicYear.js';
import { formatDay, type Day } from '../calendar/day.js';
import { compareCodePoints } from '../exact/codePointOrder.js';
import { memoise } from '../memo.js';
import type { Rational } from '../exact/rational.js';
import type { Discipline, Status } from '../schema/vocabulary.js';
import type { ContactTotals } from './contactLedger.js';
import { floorQuotient, roundHalfUpOf } from '../exact/rational.js';
import type { ChildYearPlan } from './childYearPlans.js';
import type { PlanBook } from './planBook.js';
import type { RunSettings } from './settings.js';

export interface TermOutcome {
  readonly term: string;
  readonly requiredMinutes: number;
  readonly deliveredMinutes: number;
}

/** One child, one discipline, one academic year: the shape of `childYears[]` in the JSON. */
export interface ChildYear {
  readonly childId: string;
  readonly discipline: Discipline;
  readonly year: string;
  readonly status: Status;
  readonly requiredMinutes: number;
  readonly deliveredMinutes: number;
  readonly shortfallMinutes: number;
  readonly surplusMinutes: number;
  readonly deliveredPercent: number | null;
  readonly sessionsDelivered: number;
  readonly sessionsOwed: number;
  readonly recoveryMinutes: number;
  readonly sessionMinutes: number;
  readonly planEnd: string | null;
  readonly provider: string | null;
  readonly locality: string | null;
  readonly commissioner: string | null;
  readonly establishment: string | null;
  readonly requiredFullYearMinutes: number;
  readonly bookedMinutes: number;
  readonly projectedMinutes: number;
  readonly atRisk: boolean;
  readonly terms: readonly TermOutcome[];
}

export function statusOf(requiredMinutes: number, deliveredMinutes: number, tolerance: number): Status {
  if (requiredMinutes === 0) return 'not-due';
  if (deliveredMinutes === 0) return 'no-contact';
  if (requiredMinutes - deliveredMinutes > tolerance) return 'shortfall';
  return 'met';
}

/** ceil(shortfall / session minutes), exactly; an hours-form line counts 60-minute sessions (docs/rules.md#sessions-owed). */
export function sessionsOwedFor(shortfallMinutes: number, sessionMinutes: Rational): number {
  if (shortfallMinutes <= 0 || sessionMinutes.num <= 0n) return 0;
  const numerator = shortfallMinutes * Number(sessionMinutes.den);
  const divisor = Number(sessionMinutes.num);
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(divisor)) return -floorQuotient(-numerator, divisor);
  const exactNumerator = BigInt(shortfallMinutes) * sessionMinutes.den;
  const quotient = exactNumerator / sessionMinutes.num;
  return Number(exactNumerator % sessionMinutes.num === 0n ? quotient : quotient + 1n);
}

/** delivered / required × 100 to one decimal, halves up; null when nothing is required. */
export function deliveredPercentOf(requiredMinutes: number, deliveredMinutes: number): number | null {
  if (requiredMinutes === 0) return null;
  return roundHalfUpOf(deliveredMinutes * 1000, requiredMinutes) / 10;
}

/**
 * What every child-year of a run shares: worked out once. Each date's text is made once (the plan's
 * texts are held once each already, in ChildYearPlans).
 */
interface RunTexts {
  readonly settings: RunSettings;
  readonly year: string;
  readonly dayText: (day: Day) => string;
}

function runTexts(settings: RunSettings): RunTexts {
  return { settings, year: formatYear(settings.year.yearStart), dayText: memoise(formatDay) };
}

export function computeChildYear(plan: ChildYearPlan, index: number, totals: ContactTotals, settings: RunSettings): ChildYear {
  return childYearOf(plan, index, totals, runTexts(settings));
}

function childYearOf(plan: ChildYearPlan, index: number, totals: ContactTotals, texts: RunTexts): ChildYear {
  const { year, asOf, tolerance } = texts.settings;
  const required = plan.requiredMinutes;
  const delivered = totals.deliveredMinutes[index]!;
  const booked = totals.bookedMinutes[index]!;
  const shortfall = Math.max(0, required - delivered);
  const status = statusOf(required, delivered, tolerance);
  const sessionMinutes = plan.sessionMinutes;
  const projected = delivered + booked;
  const termCount = year.terms.length;
  return {
    childId: plan.childId,
    discipline: plan.discipline,
    year: texts.year,
    status,
    requiredMinutes: required,
    deliveredMinutes: delivered,
    shortfallMinutes: shortfall,
    surplusMinutes: Math.max(0, delivered - required),
    deliveredPercent: deliveredPercentOf(required, delivered),
    sessionsDelivered: totals.sessionsDelivered[index]!,
    sessionsOwed: status === 'shortfall' || status === 'no-contact' ? sessionsOwedFor(shortfall, sessionMinutes) : 0,
    recoveryMinutes: totals.recoveryMinutes[index]!,
    sessionMinutes: Number(sessionMinutes.num) / Number(sessionMinutes.den),
    planEnd: plan.planEnd === null ? null : texts.dayText(plan.planEnd),
    provider: plan.provider,
    locality: plan.locality,
    commissioner: plan.commissioner,
    establishment: plan.establishment,
    requiredFullYearMinutes: plan.fullYearMinutes,
    bookedMinutes: booked,
    projectedMinutes: projected,
    atRisk: asOf < year.end && plan.fullYearMinutes - projected > tolerance,
    terms: year.terms.map((term, termIndex) => ({
      term: term.name,
      requiredMinutes: plan.termMinutes[termIndex] ?? 0,
      deliveredMinutes: totals.termDeliveredMinutes[index * termCount + termIndex]!,
    })),
  };
}

/**
 * Every child-year of a run in output order. A national run has most of a million, and each reporter
 * reads them once in turn: each is made as it is read and dropped after, not held (as objects they
 * would be the largest thing in memory while the outputs are written).
 */
export interface ChildYearList extends Iterable<ChildYear> {
  readonly length: number;
  at(index: number): ChildYear | undefined;
}

/** Every child-year of the run, ordered by child ID then discipline (code-point order). */
export function computeChildYears(book: PlanBook, totals: ContactTotals, settings: RunSettings): ChildYearList {
  const texts = runTexts(settings);
  const plans = book.childYears;
  const order = new Int32Array(plans.length);
  for (let index = 0; index < order.length; index++) order[index] = index;
  order.sort((a, b) => compareCodePoints(plans.childIdOf(a), plans.childIdOf(b)) || compareCodePoints(plans.disciplineOf(a), plans.disciplineOf(b)));
  return listOf(order.length, (position) => {
    const index = order[position]!;
    return childYearOf(plans.at(index), index, totals, texts);
  });
}

/** The same list with each child-year passed through `change` as it is read. */
export function mapChildYears(childYears: ChildYearList, change: (childYear: ChildYear) => ChildYear): ChildYearList {
  return listOf(childYears.length, (position) => change(childYears.at(position)!));
}

/** A list of `length` child-years, each made by `childYearAt` when it is read. */
export function listOf(length: number, childYearAt: (position: number) => ChildYear): ChildYearList {
  return {
    length,
    at: (position) =>
      Number.isInteger(position) && position >= -length && position < length ? childYearAt(position < 0 ? position + length : position) : undefined,
    *[Symbol.iterator]() {
      for (let position = 0; position < length; position++) yield childYearAt(position);
    },
    // As an array wherever the list is turned into JSON whole.
    toJSON: () => Array.from({ length }, (_, position) => childYearAt(position)),
  } as ChildYearList;
}

/** Whether the child-year owes hours: in shortfall or with no contact (met and surplus owe none). */
export function isOwing(childYear: ChildYear): boolean {
  return childYear.status === 'shortfall' || childYear.status === 'no-contact';
}
