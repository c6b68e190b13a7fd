// The headline and the summary (docs/rules.md#headline): the numbers a board paper quotes, and where the gap is.
import { compareCodePoints } from '../exact/codePointOrder.js';
import type { Accounting } from '../reconcile/accounting.js';
import { isOwing, type ChildYear, type ChildYearList } from '../reconcile/childYear.js';
import { roundHalfUpOf } from '../exact/rational.js';
import { DISCIPLINES, STATUSES, type Funding, type Status } from '../schema/vocabulary.js';

/**
 * The headline (docs/rules.md#headline). childrenInScope, notReceivingFullAllocation, noContact and
 * atRisk count child-years, that is child and discipline pairs (one per child when the run has one
 * discipline); distinctChildren and worklistChildren count children. The hours add up as shown:
 * deliveredWithinPlanHours + hoursOwed + shortfallWithinToleranceHours = requiredHours, to the hundredth.
 */
export interface Headline {
  /** Child-years in scope: child and discipline pairs (one per child when the run has one discipline). */
  readonly childrenInScope: number;
  /** Distinct children in scope: a child with OT and SLT counts once. */
  readonly distinctChildren: number;
  /** Child-years in shortfall or with no contact: the worklist's rows. */
  readonly notReceivingFullAllocation: number;
  /** Distinct children with at least one child-year on the worklist (in shortfall or with no contact). */
  readonly worklistChildren: number;
  /** notReceivingFullAllocation as a percent of childrenInScope, one decimal; null when none are in scope. */
  readonly notReceivingShare: number | null;
  /** Child-years with no contact at all. */
  readonly noContact: number;
  readonly requiredHours: number;
  /** Every hour delivered, a child's hours beyond their plan included (within + beyond, each rounded on its own). */
  readonly deliveredHours: number;
  /**
   * Delivered hours capped at each child-year's required hours: the figure deliveredShare is of.
   * requiredHours − hoursOwed − shortfallWithinToleranceHours, so that the shown figures add up; it
   * takes the rounding, and is within 0.01 of the capped minutes rounded on their own.
   */
  readonly deliveredWithinPlanHours: number;
  /** Hours delivered beyond a child-year's required hours: they make up no other child's shortfall. */
  readonly deliveredBeyondPlanHours: number;
  /** deliveredWithinPlanHours as a percent of requiredHours, one decimal, from the figures as shown. */
  readonly deliveredShare: number | null;
  /** The shortfall of the child-years in shortfall or with no contact. */
  readonly hoursOwed: number;
  /** The shortfall of child-years counted as met because it is within --tolerance (0 without it). */
  readonly shortfallWithinToleranceHours: number;
  /** Child-years at risk of not receiving their full year's hours. */
  readonly atRisk: number;
  readonly disciplines: readonly string[];
}

export interface BreakdownRow {
  readonly key: string;
  readonly childYears: number;
  readonly requiredHours: number;
  /** Every hour delivered, hours beyond a child's plan included. */
  readonly deliveredHours: number;
  readonly owedHours: number;
  readonly statuses: Readonly<Record<Status, number>>;
  /** Delivered hours capped at each child-year's required hours; with owedHours and shortfallWithinToleranceHours it adds up to requiredHours as shown. */
  readonly deliveredWithinPlanHours: number;
  readonly shortfallWithinToleranceHours: number;
}

export interface TermRow {
  readonly term: string;
  readonly requiredHours: number;
  /** Every hour delivered in the term. */
  readonly deliveredHours: number;
  /** Each child-year's shortfall in the term, whatever its status for the year. */
  readonly owedHours: number;
  /** Delivered hours capped at each child-year's required hours for the term: requiredHours − owedHours, as shown. */
  readonly deliveredWithinPlanHours: number;
}

export interface Summary {
  readonly byProvider: readonly BreakdownRow[];
  readonly byLocality: readonly BreakdownRow[];
  readonly byCommissioner: readonly BreakdownRow[];
  readonly byEstablishment: readonly BreakdownRow[];
  readonly byDiscipline: readonly BreakdownRow[];
  readonly byTerm: readonly TermRow[];
  readonly statuses: Readonly<Record<Status, number>>;
  readonly attendance: {
    readonly dna: number;
    readonly cancelledByFamily: number;
    readonly cancelledByProvider: number;
    readonly lateNotSeen: number;
    readonly noOutcome: number;
  };
  readonly excluded: {
    readonly personalBudgetLines: number;
    readonly privateLines: number;
    readonly contacts: number;
  };
}

export const UNKNOWN_KEY = '(not given)';

export function hoursOf(minutes: number): number {
  return hundredthsOfHours(minutes) / 100;
}

/** Minutes as whole hundredths of an hour, rounded half up: hoursOf × 100, exact. */
function hundredthsOfHours(minutes: number): number {
  return roundHalfUpOf(minutes * 100, 60);
}

/**
 * Required hours split into delivered within plan, owed and short within tolerance, as whole
 * hundredths of an hour that add up exactly. Each boundary is rounded once from the running sum of
 * minutes (owed; owed + within tolerance; required), so no part is ever negative and the parts sum to
 * the rounded whole: the delivered part takes the rounding. docs/rules.md#headline.
 */
export function splitRequiredHours(minutes: { readonly required: number; readonly owed: number; readonly withinTolerance: number }): {
  readonly requiredHours: number;
  readonly deliveredWithinPlanHours: number;
  readonly owedHours: number;
  readonly withinToleranceHours: number;
} {
  const owed = hundredthsOfHours(minutes.owed);
  const short = hundredthsOfHours(minutes.owed + minutes.withinTolerance);
  const required = hundredthsOfHours(minutes.required);
  return {
    requiredHours: required / 100,
    deliveredWithinPlanHours: (required - short) / 100,
    owedHours: owed / 100,
    withinToleranceHours: (short - owed) / 100,
  };
}

function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : roundHalfUpOf(part * 1000, whole) / 10;
}

function emptyStatuses(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
}

/** Hours owed counts only child-years in shortfall or no contact: a shortfall within tolerance is met. */
function owedMinutesOf(childYear: ChildYear): number {
  return isOwing(childYear) ? childYear.shortfallMinutes : 0;
}

/** Running sums of a headline. A national run has 100,000 child-years: each is read once for all the sums. */
interface HeadlineTally {
  childYears: number;
  required: number;
  delivered: number;
  beyondPlan: number;
  owed: number;
  withinTolerance: number;
  notReceiving: number;
  noContact: number;
  atRisk: number;
  readonly disciplines: Set<string>;
  readonly children: Set<string>;
  readonly worklistChildren: Set<string>;
}

function emptyHeadlineTally(): HeadlineTally {
  return {
    childYears: 0,
    required: 0,
    delivered: 0,
    beyondPlan: 0,
    owed: 0,
    withinTolerance: 0,
    notReceiving: 0,
    noContact: 0,
    atRisk: 0,
    disciplines: new Set(),
    children: new Set(),
    worklistChildren: new Set(),
  };
}

function tallyHeadline(tally: HeadlineTally, childYear: ChildYear): void {
  tally.childYears++;
  tally.disciplines.add(childYear.discipline);
  tally.children.add(childYear.childId);
  tally.required += childYear.requiredMinutes;
  tally.delivered += childYear.deliveredMinutes;
  tally.beyondPlan += Math.max(0, childYear.deliveredMinutes - childYear.requiredMinutes);
  const short = Math.max(0, childYear.requiredMinutes - childYear.deliveredMinutes);
  if (isOwing(childYear)) {
    tally.owed += short;
    tally.notReceiving++;
    tally.worklistChildren.add(childYear.childId);
  } else {
    tally.withinTolerance += short;
  }
  if (childYear.status === 'no-contact') tally.noContact++;
  if (childYear.atRisk) tally.atRisk++;
}

function headlineOf(tally: HeadlineTally): Headline {
  const split = splitRequiredHours({ required: tally.required, owed: tally.owed, withinTolerance: tally.withinTolerance });
  // Each new figure beside the one it explains; the older fields keep their order among themselves.
  return {
    childrenInScope: tally.childYears,
    distinctChildren: tally.children.size,
    notReceivingFullAllocation: tally.notReceiving,
    worklistChildren: tally.worklistChildren.size,
    notReceivingShare: percentOf(tally.notReceiving, tally.childYears),
    noContact: tally.noContact,
    requiredHours: split.requiredHours,
    deliveredHours: hoursOf(tally.delivered),
    deliveredWithinPlanHours: split.deliveredWithinPlanHours,
    deliveredBeyondPlanHours: hoursOf(tally.beyondPlan),
    // Of the hours as shown, so that a reader who divides the two printed figures gets this percent.
    deliveredShare: percentOf(Math.round(split.deliveredWithinPlanHours * 100), Math.round(split.requiredHours * 100)),
    hoursOwed: split.owedHours,
    shortfallWithinToleranceHours: split.withinToleranceHours,
    atRisk: tally.atRisk,
    disciplines: [...tally.disciplines].sort(compareCodePoints),
  };
}

export function computeHeadline(childYears: Iterable<ChildYear>): Headline {
  const tally = emptyHeadlineTally();
  for (const childYear of childYears) tallyHeadline(tally, childYear);
  return headlineOf(tally);
}

/** The headline over every child-year, and the same figures for each discipline found, in the order of DISCIPLINES. */
export function computeHeadlines(childYears: Iterable<ChildYear>): { readonly headline: Headline; readonly byDiscipline: Readonly<Record<string, Headline>> } {
  const all = emptyHeadlineTally();
  const byDiscipline = new Map<string, HeadlineTally>();
  for (const childYear of childYears) {
    tallyHeadline(all, childYear);
    let tally = byDiscipline.get(childYear.discipline);
    if (tally === undefined) {
      tally = emptyHeadlineTally();
      byDiscipline.set(childYear.discipline, tally);
    }
    tallyHeadline(tally, childYear);
  }
  return {
    headline: headlineOf(all),
    byDiscipline: Object.fromEntries(
      DISCIPLINES.flatMap((discipline) => {
        const tally = byDiscipline.get(discipline);
        return tally === undefined ? [] : [[discipline, headlineOf(tally)]];
      }),
    ),
  };
}

interface BreakdownTally {
  childYears: number;
  required: number;
  delivered: number;
  owed: number;
  withinTolerance: number;
  readonly statuses: Record<Status, number>;
}

function tallyBreakdown(groups: Map<string, BreakdownTally>, key: string | null, childYear: ChildYear, owed: number): void {
  const groupKey = key ?? UNKNOWN_KEY;
  let group = groups.get(groupKey);
  if (!group) {
    group = { childYears: 0, required: 0, delivered: 0, owed: 0, withinTolerance: 0, statuses: emptyStatuses() };
    groups.set(groupKey, group);
  }
  group.childYears++;
  group.required += childYear.requiredMinutes;
  group.delivered += childYear.deliveredMinutes;
  group.owed += owed;
  if (!isOwing(childYear)) group.withinTolerance += childYear.shortfallMinutes;
  group.statuses[childYear.status]++;
}

function breakdownRows(groups: ReadonlyMap<string, BreakdownTally>): BreakdownRow[] {
  return [...groups.entries()]
    .map(([key, group]) => {
      const split = splitRequiredHours({ required: group.required, owed: group.owed, withinTolerance: group.withinTolerance });
      return {
        key,
        childYears: group.childYears,
        requiredHours: split.requiredHours,
        deliveredHours: hoursOf(group.delivered),
        owedHours: split.owedHours,
        statuses: group.statuses,
        deliveredWithinPlanHours: split.deliveredWithinPlanHours,
        shortfallWithinToleranceHours: split.withinToleranceHours,
      };
    })
    .sort((a, b) => b.owedHours - a.owedHours || compareCodePoints(a.key, b.key));
}

/**
 * `termNames`: the terms of the year, in order, as every child-year has them: given, not read off the
 * first child-year, so that a run with no child-years still has its terms (and reconciliation.csv
 * keeps its columns).
 */
export function computeSummary(
  childYears: ChildYearList,
  accounting: Accounting,
  excludedLines: Readonly<Partial<Record<Funding, number>>>,
  termNames: readonly string[],
): Summary {
  const statuses = emptyStatuses();
  const byProvider = new Map<string, BreakdownTally>();
  const byLocality = new Map<string, BreakdownTally>();
  const byCommissioner = new Map<string, BreakdownTally>();
  const byEstablishment = new Map<string, BreakdownTally>();
  const byDiscipline = new Map<string, BreakdownTally>();
  const terms = termNames;
  const termRequired = terms.map(() => 0);
  const termDelivered = terms.map(() => 0);
  const termOwed = terms.map(() => 0);
  for (const childYear of childYears) {
    statuses[childYear.status]++;
    const owed = owedMinutesOf(childYear);
    tallyBreakdown(byProvider, childYear.provider, childYear, owed);
    tallyBreakdown(byLocality, childYear.locality, childYear, owed);
    tallyBreakdown(byCommissioner, childYear.commissioner, childYear, owed);
    tallyBreakdown(byEstablishment, childYear.establishment, childYear, owed);
    tallyBreakdown(byDiscipline, childYear.discipline, childYear, owed);
    const outcomes = childYear.terms;
    for (let index = 0; index < terms.length && index < outcomes.length; index++) {
      const outcome = outcomes[index]!;
      termRequired[index]! += outcome.requiredMinutes;
      termDelivered[index]! += outcome.deliveredMinutes;
      termOwed[index]! += Math.max(0, outcome.requiredMinutes - outcome.deliveredMinutes);
    }
  }
  const contactBuckets = accounting.contacts.buckets;
  return {
    byProvider: breakdownRows(byProvider),
    byLocality: breakdownRows(byLocality),
    byCommissioner: breakdownRows(byCommissioner),
    byEstablishment: breakdownRows(byEstablishment),
    byDiscipline: breakdownRows(byDiscipline),
    byTerm: terms.map((term, index) => {
      const split = splitRequiredHours({ required: termRequired[index]!, owed: termOwed[index]!, withinTolerance: 0 });
      return {
        term,
        requiredHours: split.requiredHours,
        deliveredHours: hoursOf(termDelivered[index]!),
        owedHours: split.owedHours,
        deliveredWithinPlanHours: split.deliveredWithinPlanHours,
      };
    }),
    statuses,
    attendance: {
      dna: contactBuckets.dna ?? 0,
      cancelledByFamily: contactBuckets['cancelled-family'] ?? 0,
      cancelledByProvider: contactBuckets['cancelled-provider'] ?? 0,
      lateNotSeen: contactBuckets['late-not-seen'] ?? 0,
      noOutcome: contactBuckets['no-outcome'] ?? 0,
    },
    excluded: {
      personalBudgetLines: excludedLines['personal-budget'] ?? 0,
      privateLines: excludedLines.private ?? 0,
      contacts: contactBuckets['excluded-funding'] ?? 0,
    },
  };
}
