// The recovery-plan worklist (docs/rules.md#recovery-worklist): who to see first, by when, at what pace, by which route, at
// what cost.
import { yearStartOf } from '../calendar/academicYear.js';
import { formatDay, type Day } from '../calendar/day.js';
import { defaultYearTerms, termTimeWeeks, type TermCalendar } from '../calendar/terms.js';
import { compareCodePoints } from '../exact/codePointOrder.js';
import { compare, mul, rational, roundHalfUp, ZERO, type Rational } from '../exact/rational.js';
import type { ChildYear } from '../reconcile/childYear.js';
import type { Discipline, Route, Status } from '../schema/vocabulary.js';

export interface WorklistRow {
  readonly rank: number;
  readonly childId: string;
  readonly discipline: Discipline;
  readonly status: Status;
  readonly provider: string | null;
  readonly locality: string | null;
  readonly requiredMinutes: number;
  readonly deliveredMinutes: number;
  readonly shortfallMinutes: number;
  readonly sessionsOwed: number;
  readonly sessionMinutes: number;
  readonly planEnd: string | null;
  readonly deadline: string;
  readonly weeksLeft: number;
  readonly sessionsPerWeek: number | null;
  readonly route: Route | null;
  /** GBP, to the penny; only for independent rows when a rate is given. */
  readonly estimatedCost: number | null;
}

export interface Worklist {
  readonly deadline: string;
  readonly weeksLeft: number;
  readonly rows: readonly WorklistRow[];
  /** Sum of the rows' estimated costs, in GBP to the penny; null without --rate. */
  readonly totalCost: number | null;
  /** In-house hours handed out, and the budget they came from; null without --capacity. */
  readonly inHouseHours: number | null;
  readonly capacityHours: number | null;
}

export interface RecoveryOptions {
  readonly calendar: TermCalendar;
  readonly asOf: Day;
  /** --recover-by; the default term rule when undefined. */
  readonly recoverBy?: Day | undefined;
  /** In-house hours per week. */
  readonly capacity?: Rational | undefined;
  /** GBP per hour of independent provision. */
  readonly rate?: Rational | undefined;
}

/** The last day of the first term that starts after as_of (the default calendar where the calendar has none). */
export function defaultDeadline(calendar: TermCalendar, asOf: Day): Day {
  const firstYear = yearStartOf(asOf);
  for (let yearStart = firstYear; yearStart <= firstYear + 2; yearStart++) {
    const term = calendar.yearTerms(yearStart).terms.find((candidate) => candidate.start > asOf);
    if (term) return term.end;
  }
  const fallback = [firstYear, firstYear + 1].flatMap((yearStart) => defaultYearTerms(yearStart).terms).find((candidate) => candidate.start > asOf);
  return fallback!.end;
}

/** What the worklist is ordered by: a child-year, or its row. */
type Owing = Pick<ChildYear, 'childId' | 'discipline' | 'status' | 'planEnd' | 'requiredMinutes' | 'shortfallMinutes'>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Child ID, then discipline, in code-point order: the order of child-years, and the worklist's last key. */
function compareChildren(a: Owing, b: Owing): number {
  return compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline);
}

/** Worklist order (docs/rules.md#order): each key breaks ties of the ones before it. */
export function compareForWorklist(deadline: string): (a: Owing, b: Owing) => number {
  const endsBeforeDeadline = (childYear: Owing) => childYear.planEnd !== null && childYear.planEnd < deadline;
  return (a, b) => {
    if (a.status !== b.status) return a.status === 'no-contact' ? -1 : 1;
    const aEnds = endsBeforeDeadline(a);
    if (aEnds !== endsBeforeDeadline(b)) return aEnds ? -1 : 1;
    // Shortfall as a share of required, largest first, compared exactly by cross-multiplying.
    const share = b.shortfallMinutes * a.requiredMinutes - a.shortfallMinutes * b.requiredMinutes;
    if (share !== 0) return share;
    if (a.shortfallMinutes !== b.shortfallMinutes) return b.shortfallMinutes - a.shortfallMinutes;
    return compareChildren(a, b);
  };
}

/**
 * Up to this many required minutes, two shares of required that differ do so by more than the rounding
 * of their doubles (|a/b − c/d| ≥ 1/bd ≥ 2^−52), so equal doubles are equal shares.
 */
const EXACT_SHARE_MINUTES = 2 ** 26;

/**
 * The owing child-years in compareForWorklist order. A national worklist sorts 100,000 rows, and a
 * comparison that reads two child-years from far apart in memory is slow, so the keys are first copied
 * into typed arrays: the status and plan-end group, the share as a double, the shortfall. They are
 * copied in child order (the order child-years come in already), so the last key is the position.
 */
function sortForWorklist<T extends Owing>(owing: readonly T[], deadline: string): T[] {
  if (owing.some((childYear) => childYear.requiredMinutes > EXACT_SHARE_MINUTES)) return [...owing].sort(compareForWorklist(deadline));
  const inChildOrder = owing.every((childYear, index) => index === 0 || compareChildren(owing[index - 1]!, childYear) < 0)
    ? owing
    : [...owing].sort(compareChildren);
  const groups = new Uint8Array(inChildOrder.length);
  const shares = new Float64Array(inChildOrder.length);
  const shortfalls = new Float64Array(inChildOrder.length);
  inChildOrder.forEach((childYear, index) => {
    groups[index] = (childYear.status === 'no-contact' ? 0 : 2) + (childYear.planEnd !== null && childYear.planEnd < deadline ? 0 : 1);
    shares[index] = childYear.shortfallMinutes / childYear.requiredMinutes;
    shortfalls[index] = childYear.shortfallMinutes;
  });
  const order = Array.from(inChildOrder.keys());
  order.sort((a, b) => groups[a]! - groups[b]! || shares[b]! - shares[a]! || shortfalls[b]! - shortfalls[a]! || a - b);
  return order.map((index) => inChildOrder[index]!);
}

function toHundredths(value: Rational): number {
  return roundHalfUp(mul(value, rational(100))) / 100;
}

/** Remembers f per distinct argument: many rows share a sessions-owed count or a shortfall. */
function perDistinct<T extends number | null>(f: (value: number) => T): (value: number) => T {
  const known = new Map<number, T>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined) {
      result = f(value);
      known.set(value, result);
    }
    return result;
  };
}

export function buildWorklist(childYears: Iterable<ChildYear>, options: RecoveryOptions): Worklist {
  const deadlineDay = options.recoverBy ?? defaultDeadline(options.calendar, options.asOf);
  const deadline = formatDay(deadlineDay);
  const weeksLeft = termTimeWeeks(options.calendar, options.asOf + 1, deadlineDay);
  const weeksLeftHundredths = toHundredths(weeksLeft);
  const perWeek = compare(weeksLeft, ZERO) > 0 ? rational(weeksLeft.den, weeksLeft.num) : undefined;
  const sessionsPerWeekOf = perDistinct((sessionsOwed) => (perWeek === undefined ? null : toHundredths(mul(rational(sessionsOwed), perWeek))));
  const { rate } = options;
  // shortfall hours × rate, to the penny: minutes × rate × 100 / 60 pence, halves up.
  const penceOf = rate === undefined ? undefined : perDistinct((shortfallMinutes) => roundHalfUp(mul(rate, rational(shortfallMinutes * 100, 60))));
  // Each owing child-year becomes its row at once (a row is a third of a child-year's size, and a
  // national run owes most of a million); rank, route and cost are known once the rows are in order.
  const unordered: Mutable<WorklistRow>[] = [];
  for (const childYear of childYears) {
    if (childYear.status !== 'no-contact' && childYear.status !== 'shortfall') continue;
    unordered.push({
      rank: 0,
      childId: childYear.childId,
      discipline: childYear.discipline,
      status: childYear.status,
      provider: childYear.provider,
      locality: childYear.locality,
      requiredMinutes: childYear.requiredMinutes,
      deliveredMinutes: childYear.deliveredMinutes,
      shortfallMinutes: childYear.shortfallMinutes,
      sessionsOwed: childYear.sessionsOwed,
      sessionMinutes: childYear.sessionMinutes,
      planEnd: childYear.planEnd,
      deadline,
      weeksLeft: weeksLeftHundredths,
      sessionsPerWeek: sessionsPerWeekOf(childYear.sessionsOwed),
      route: null,
      estimatedCost: null,
    });
  }
  const rows = sortForWorklist(unordered, deadline);

  // Capacity × weeks left is a budget of minutes handed out in worklist order to each child whose whole
  // shortfall still fits; a large child that does not fit does not stop a later small one that does.
  // The budget stays exact as a numerator over its own denominator.
  const budget = options.capacity === undefined ? undefined : mul(mul(options.capacity, weeksLeft), rational(60));
  let remaining = budget?.num;
  let totalPence = 0n;
  let inHouseMinutes = 0;
  rows.forEach((row, index) => {
    row.rank = index + 1;
    if (budget !== undefined && remaining !== undefined) {
      const need = BigInt(row.shortfallMinutes) * budget.den;
      if (need <= remaining) {
        row.route = 'in-house';
        remaining -= need;
        inHouseMinutes += row.shortfallMinutes;
      } else {
        row.route = 'independent';
      }
    }
    if (penceOf !== undefined && row.route !== 'in-house') {
      const pence = penceOf(row.shortfallMinutes);
      totalPence += BigInt(pence);
      row.estimatedCost = pence / 100;
    }
  });
  return {
    deadline,
    weeksLeft: weeksLeftHundredths,
    rows,
    totalCost: rate === undefined ? null : Number(totalPence) / 100,
    inHouseHours: budget === undefined ? null : Math.round((inHouseMinutes / 60) * 100) / 100,
    capacityHours: budget === undefined ? null : toHundredths(mul(budget, rational(1, 60))),
  };
}
