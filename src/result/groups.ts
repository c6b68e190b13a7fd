// A result split by commissioner, provider or locality (--split-by; docs/outputs.md#split-by-folders):
// each group is the run's result restricted to the child-years with one value of the field, so that
// every reporter renders it unchanged.
//
// A group's worklist is the run's worklist with the other groups' rows taken out: ranks, routes and
// costs stay as the run decided them over every child. Recovery is one plan: in-house capacity is
// handed out in the one worklist order across all groups, so a commissioner sees where each of their
// children stands on that plan (rank 3, 17, 42 …), not a plan of their own that the run never made.
import { compareCodePoints } from '../exact/codePointOrder.js';
import { isOwing, listOf, type ChildYearList } from '../reconcile/childYear.js';
import type { WorklistRow } from '../recovery/worklist.js';
import type { ReconciliationResult } from './reconciliationResult.js';
import { computeHeadlines, computeSummary, hoursOf } from './summary.js';

/** The fields a result can be split by: each child-year has one value of each, or none. */
export const SPLIT_FIELDS = ['commissioner', 'provider', 'locality'] as const;
export type SplitField = (typeof SPLIT_FIELDS)[number];

export interface ResultGroup {
  readonly field: SplitField;
  /** The value its child-years share; null for the child-years with none. */
  readonly value: string | null;
  /**
   * The run's result restricted to the group. Its own: the child-years, the worklist rows (their run
   * ranks, routes and costs kept), the headline and summary of those child-years, and the worklist's
   * total cost and in-house hours. The run's, because they are not of children: the options, the row
   * accounting (and the summary's counts of appointments and excluded lines, which come from it), the
   * warnings, the inputs and the in-house hours available (one budget shared by every group).
   * `exceptions` is empty: exceptions are input rows, and the run's exceptions.csv holds them all.
   */
  readonly result: ReconciliationResult;
}

/** A child-year's key on the worklist: a worklist row is one owing child-year. */
function childYearKey(childId: string, discipline: string): string {
  return `${discipline}\u0000${childId}`;
}

/** The child-years of `childYears` at `positions`, made as they are read, as the run's list makes them. */
function childYearsAt(childYears: ChildYearList, positions: Int32Array): ChildYearList {
  return listOf(positions.length, (position) => childYears.at(positions[position]!)!);
}

/** Sums the group's estimated costs in pence, as the worklist sums the run's, so that no float error creeps in. */
function totalCostOf(rows: readonly WorklistRow[]): number {
  let pence = 0;
  for (const row of rows) if (row.estimatedCost !== null) pence += Math.round(row.estimatedCost * 100);
  return pence / 100;
}

function inHouseHoursOf(rows: readonly WorklistRow[]): number {
  let minutes = 0;
  for (const row of rows) if (row.route === 'in-house') minutes += row.shortfallMinutes;
  return hoursOf(minutes);
}

function groupResult(result: ReconciliationResult, childYears: ChildYearList, worklist: readonly WorklistRow[]): ReconciliationResult {
  const headlines = computeHeadlines(childYears);
  const excludedLines = { 'personal-budget': result.summary.excluded.personalBudgetLines, private: result.summary.excluded.privateLines };
  const totals = result.worklistTotals;
  return {
    ...result,
    headline: headlines.headline,
    headlineByDiscipline: headlines.byDiscipline,
    summary: computeSummary(
      childYears,
      result.accounting,
      excludedLines,
      result.summary.byTerm.map((term) => term.term),
    ),
    childYears,
    worklist,
    worklistTotals: {
      ...totals,
      totalCost: totals.totalCost === null ? null : totalCostOf(worklist),
      inHouseHours: totals.inHouseHours === null ? null : inHouseHoursOf(worklist),
    },
    exceptions: [],
  };
}

/**
 * The groups of `result` by `field`, in code-point order of their values, the child-years with no
 * value last. Every child-year is in exactly one group, and every worklist row in its child-year's.
 * The child-years are read once to group them; each group reads its own again as it is rendered.
 */
export function splitResult(result: ReconciliationResult, field: SplitField): ResultGroup[] {
  const indexOfValue = new Map<string | null, number>();
  const positions: number[][] = [];
  const groupOfOwing = new Map<string, number>();
  let position = 0;
  for (const childYear of result.childYears) {
    const value = childYear[field];
    let index = indexOfValue.get(value);
    if (index === undefined) {
      index = positions.length;
      indexOfValue.set(value, index);
      positions.push([]);
    }
    positions[index]!.push(position++);
    if (isOwing(childYear)) groupOfOwing.set(childYearKey(childYear.childId, childYear.discipline), index);
  }
  const worklists: WorklistRow[][] = positions.map(() => []);
  for (const row of result.worklist) {
    const index = groupOfOwing.get(childYearKey(row.childId, row.discipline));
    // Every row is an owing child-year of the run: one without is a bug, never a row to drop.
    if (index === undefined) throw new Error(`worklist row ${row.rank} has no child-year in the result`);
    worklists[index]!.push(row);
  }
  const values = [...indexOfValue.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : compareCodePoints(a, b)));
  return values.map((value) => {
    const index = indexOfValue.get(value)!;
    return { field, value, result: groupResult(result, childYearsAt(result.childYears, Int32Array.from(positions[index]!)), worklists[index]!) };
  });
}
