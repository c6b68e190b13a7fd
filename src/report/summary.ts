// The headline and the summary (SPEC 5): the numbers a board paper quotes, and where the gap is.
import { rational, roundHalfUp } from '../exact/rational.js';
import { compareCodePoints } from '../exact/codePointOrder.js';
import type { Accounting } from '../reconcile/accounting.js';
import type { ChildYear } from '../reconcile/childYear.js';
import { STATUSES, type Funding, type Status } from '../schema/vocabulary.js';

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
  return roundHalfUp(rational(minutes * 100, 60)) / 100;
}

function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : roundHalfUp(rational(part * 1000, whole)) / 10;
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

export function computeHeadline(childYears: readonly ChildYear[]): Headline {
  let required = 0;
  let delivered = 0;
  let deliveredTowardsRequired = 0;
  let owed = 0;
  let notReceiving = 0;
  let noContact = 0;
  let atRisk = 0;
  const disciplines = new Set<string>();
  for (const childYear of childYears) {
    disciplines.add(childYear.discipline);
    required += childYear.requiredMinutes;
    delivered += childYear.deliveredMinutes;
    deliveredTowardsRequired += Math.min(childYear.deliveredMinutes, childYear.requiredMinutes);
    owed += owedMinutesOf(childYear);
    if (isOwing(childYear)) notReceiving++;
    if (childYear.status === 'no-contact') noContact++;
    if (childYear.atRisk) atRisk++;
  }
  return {
    childrenInScope: childYears.length,
    notReceivingFullAllocation: notReceiving,
    notReceivingShare: percentOf(notReceiving, childYears.length),
    noContact,
    requiredHours: hoursOf(required),
    deliveredHours: hoursOf(delivered),
    deliveredShare: percentOf(deliveredTowardsRequired, required),
    hoursOwed: hoursOf(owed),
    atRisk,
    disciplines: [...disciplines].sort(compareCodePoints),
  };
}

function breakdown(childYears: readonly ChildYear[], keyOf: (childYear: ChildYear) => string | null): BreakdownRow[] {
  const groups = new Map<string, { childYears: number; required: number; delivered: number; owed: number; statuses: Record<Status, number> }>();
  for (const childYear of childYears) {
    const key = keyOf(childYear) ?? UNKNOWN_KEY;
    let group = groups.get(key);
    if (!group) {
      group = { childYears: 0, required: 0, delivered: 0, owed: 0, statuses: emptyStatuses() };
      groups.set(key, group);
    }
    group.childYears++;
    group.required += childYear.requiredMinutes;
    group.delivered += childYear.deliveredMinutes;
    group.owed += owedMinutesOf(childYear);
    group.statuses[childYear.status]++;
  }
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

function termBreakdown(childYears: readonly ChildYear[]): TermRow[] {
  const first = childYears[0];
  if (!first) return [];
  return first.terms.map((term, index) => {
    let required = 0;
    let delivered = 0;
    let owed = 0;
    for (const childYear of childYears) {
      const outcome = childYear.terms[index];
      if (!outcome) continue;
      required += outcome.requiredMinutes;
      delivered += outcome.deliveredMinutes;
      owed += Math.max(0, outcome.requiredMinutes - outcome.deliveredMinutes);
    }
    return { term: term.term, requiredHours: hoursOf(required), deliveredHours: hoursOf(delivered), owedHours: hoursOf(owed) };
  });
}

export function computeSummary(
  childYears: readonly ChildYear[],
  accounting: Accounting,
  excludedLines: Readonly<Partial<Record<Funding, number>>>,
): Summary {
  const statuses = emptyStatuses();
  for (const childYear of childYears) statuses[childYear.status]++;
  const contactBuckets = accounting.contacts.buckets;
  return {
    byProvider: breakdown(childYears, (childYear) => childYear.provider),
    byLocality: breakdown(childYears, (childYear) => childYear.locality),
    byCommissioner: breakdown(childYears, (childYear) => childYear.commissioner),
    byEstablishment: breakdown(childYears, (childYear) => childYear.establishment),
    byDiscipline: breakdown(childYears, (childYear) => childYear.discipline),
    byTerm: termBreakdown(childYears),
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
