// The headline and the summary (docs/rules.md#headline): the numbers a board paper quotes, and where the gap is.
import { compareCodePoints } from '../exact/codePointOrder.js';
import type { Accounting } from '../reconcile/accounting.js';
import type { ChildYear, ChildYearList } from '../reconcile/childYear.js';
import { roundHalfUpOf } from '../exact/rational.js';
import { DISCIPLINES, STATUSES, type Funding, type Status } from '../schema/vocabulary.js';

export interface Headline {
  /** Child-years in scope (one per child when the run has one discipline). */
  readonly childrenInScope: number;
  readonly notReceivingFullAllocation: number;
  /** Percent of children in scope, one decimal; null when none are in scope. */
  readonly notReceivingShare: number | null;
  readonly noContact: number;
  readonly requiredHours: number;
  readonly deliveredHours: number;
  /** Delivered hours as a percent of required, one decimal (delivered capped at required per child). */
  readonly deliveredShare: number | null;
  readonly hoursOwed: number;
  readonly atRisk: number;
  readonly disciplines: readonly string[];
}

export interface BreakdownRow {
  readonly key: string;
  readonly childYears: number;
  readonly requiredHours: number;
  readonly deliveredHours: number;
  readonly owedHours: number;
  readonly statuses: Readonly<Record<Status, number>>;
}

export interface TermRow {
  readonly term: string;
  readonly requiredHours: number;
  readonly deliveredHours: number;
  readonly owedHours: number;
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
  return roundHalfUpOf(minutes * 100, 60) / 100;
}

function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : roundHalfUpOf(part * 1000, whole) / 10;
}

function emptyStatuses(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
}

function isOwing(childYear: ChildYear): boolean {
  return childYear.status === 'shortfall' || childYear.status === 'no-contact';
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
  deliveredTowardsRequired: number;
  owed: number;
  notReceiving: number;
  noContact: number;
  atRisk: number;
  readonly disciplines: Set<string>;
}

function emptyHeadlineTally(): HeadlineTally {
  return { childYears: 0, required: 0, delivered: 0, deliveredTowardsRequired: 0, owed: 0, notReceiving: 0, noContact: 0, atRisk: 0, disciplines: new Set() };
}

function tallyHeadline(tally: HeadlineTally, childYear: ChildYear): void {
  tally.childYears++;
  tally.disciplines.add(childYear.discipline);
  tally.required += childYear.requiredMinutes;
  tally.delivered += childYear.deliveredMinutes;
  tally.deliveredTowardsRequired += Math.min(childYear.deliveredMinutes, childYear.requiredMinutes);
  tally.owed += owedMinutesOf(childYear);
  if (isOwing(childYear)) tally.notReceiving++;
  if (childYear.status === 'no-contact') tally.noContact++;
  if (childYear.atRisk) tally.atRisk++;
}

function headlineOf(tally: HeadlineTally): Headline {
  return {
    childrenInScope: tally.childYears,
    notReceivingFullAllocation: tally.notReceiving,
    notReceivingShare: percentOf(tally.notReceiving, tally.childYears),
    noContact: tally.noContact,
    requiredHours: hoursOf(tally.required),
    deliveredHours: hoursOf(tally.delivered),
    deliveredShare: percentOf(tally.deliveredTowardsRequired, tally.required),
    hoursOwed: hoursOf(tally.owed),
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
  readonly statuses: Record<Status, number>;
}

function tallyBreakdown(groups: Map<string, BreakdownTally>, key: string | null, childYear: ChildYear, owed: number): void {
  const groupKey = key ?? UNKNOWN_KEY;
  let group = groups.get(groupKey);
  if (!group) {
    group = { childYears: 0, required: 0, delivered: 0, owed: 0, statuses: emptyStatuses() };
    groups.set(groupKey, group);
  }
  group.childYears++;
  group.required += childYear.requiredMinutes;
  group.delivered += childYear.deliveredMinutes;
  group.owed += owed;
  group.statuses[childYear.status]++;
}

function breakdownRows(groups: ReadonlyMap<string, BreakdownTally>): BreakdownRow[] {
  return [...groups.entries()]
    .map(([key, group]) => ({
      key,
      childYears: group.childYears,
      requiredHours: hoursOf(group.required),
      deliveredHours: hoursOf(group.delivered),
      owedHours: hoursOf(group.owed),
      statuses: group.statuses,
    }))
    .sort((a, b) => b.owedHours - a.owedHours || compareCodePoints(a.key, b.key));
}

export function computeSummary(
  childYears: ChildYearList,
  accounting: Accounting,
  excludedLines: Readonly<Partial<Record<Funding, number>>>,
): Summary {
  const statuses = emptyStatuses();
  const byProvider = new Map<string, BreakdownTally>();
  const byLocality = new Map<string, BreakdownTally>();
  const byCommissioner = new Map<string, BreakdownTally>();
  const byEstablishment = new Map<string, BreakdownTally>();
  const byDiscipline = new Map<string, BreakdownTally>();
  // Terms as the first child-year names them; a child-year with fewer terms adds nothing to the rest.
  const terms = childYears.at(0)?.terms ?? [];
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
    byTerm: terms.map((term, index) => ({
      term: term.term,
      requiredHours: hoursOf(termRequired[index]!),
      deliveredHours: hoursOf(termDelivered[index]!),
      owedHours: hoursOf(termOwed[index]!),
    })),
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
