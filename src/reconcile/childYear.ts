// The outcome of each child-year (SPEC 3.3) and its year-end forecast (SPEC 3.5).
import { formatYear } from '../calendar/academicYear.js';
import { formatDay, type Day } from '../calendar/day.js';
import { compareCodePoints } from '../exact/codePointOrder.js';
import type { Rational } from '../exact/rational.js';
import type { Discipline, Status } from '../schema/vocabulary.js';
import type { ContactTotals } from './contactLedger.js';
import { floorQuotient, roundHalfUpOf } from './entitlement.js';
import type { ChildYearPlan } from './childYearPlans.js';
import type { PlanBook } from './planBook.js';
import type { RunSettings } from './settings.js';

export interface TermOutcome {
  readonly term: string;
  readonly requiredMinutes: number;
  readonly deliveredMinutes: number;
}

/** One child, one discipline, one academic year: the shape of `childYears[]` in the JSON (SPEC 5). */
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

/** ceil(shortfall / session minutes), exactly; an hours-form line counts as 60 × hours-minute sessions. */
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
  const days = new Map<Day, string>();
  const dayText = (day: Day): string => {
    let text = days.get(day);
    if (text === undefined) {
      text = formatDay(day);
      days.set(day, text);
    }
    return text;
  };
  return { settings, year: formatYear(settings.year.yearStart), dayText };
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

/** Every child-year of the run, ordered by child ID then discipline (code-point order). */
export function computeChildYears(book: PlanBook, totals: ContactTotals, settings: RunSettings): ChildYear[] {
  const texts = runTexts(settings);
  return Array.from(book.childYears, (plan, index) => childYearOf(plan, index, totals, texts))
    .sort((a, b) => compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline));
}
