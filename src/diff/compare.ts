// `diff` (docs/operations.md#comparing-months): compares two reconciliations of the same children a period apart. Pure: it gets two
// parsed summaries and returns either the reasons it will not compare them or the changes, as data.
import { compareCodePoints } from '../exact/codePointOrder.js';
import type { Status } from '../schema/vocabulary.js';
import {
  childYearKey,
  FIGURE_DECIMALS,
  HEADLINE_FIGURE_KINDS,
  HEADLINE_FIGURES,
  type ChildYearForDiff,
  type FigureKind,
  type HeadlineFigure,
  type SummaryForDiff,
} from './summaryFile.js';

/** The worklist statuses: a child-year with one of these is "in shortfall". */
export const SHORTFALL_STATUSES = ['shortfall', 'no-contact'] as const satisfies readonly Status[];

export const CHANGE_KINDS = ['entered', 'left', 'worsened', 'improved'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const LEAVE_REASONS = ['delivered', 'plan-ended'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

/** One summary file and what it holds; `file` is the path as the user gave it, for messages and output. */
export interface DiffSide {
  readonly file: string;
  readonly summary: SummaryForDiff;
}

export interface SideInfo {
  readonly year: string;
  readonly asOf: string;
  readonly file: string;
  /** The run-health warnings its run gave: a comparison with a run whose headline may be wrong may be wrong too. */
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}

export interface HeadlineChange {
  readonly figure: HeadlineFigure;
  readonly old: number | null;
  readonly new: number | null;
  /** new − old, rounded as the figure is; null when either side has no value. */
  readonly change: number | null;
}

export interface ChildChange {
  readonly childId: string;
  readonly discipline: string;
  /** null when the child-year is not in that file. */
  readonly oldStatus: Status | null;
  readonly newStatus: Status | null;
  readonly oldShortfallMinutes: number | null;
  readonly newShortfallMinutes: number | null;
  /** new − old shortfall minutes, a child-year missing from a file counting as 0. */
  readonly change: number;
  /** Why a child-year left shortfall; null in the other lists. */
  readonly reason: LeaveReason | null;
}

export interface SummaryDiff {
  readonly old: SideInfo;
  readonly new: SideInfo;
  /** Minutes of shortfall a child-year must move by, strictly more, to count as worsened or improved. */
  readonly tolerance: number;
  readonly headline: readonly HeadlineChange[];
  readonly entered: readonly ChildChange[];
  readonly left: readonly ChildChange[];
  readonly worsened: readonly ChildChange[];
  readonly improved: readonly ChildChange[];
}

/** Why two summaries are not compared. Different keys is refused even with --force. */
export type Refusal =
  | { readonly code: 'different-keys'; readonly old: string | null; readonly new: string | null }
  | { readonly code: 'different-year'; readonly old: string; readonly new: string }
  | { readonly code: 'different-disciplines'; readonly old: readonly string[]; readonly new: readonly string[] };

export interface DiffOptions {
  readonly tolerance: number;
  readonly force: boolean;
}

export type DiffOutcome = { readonly kind: 'refused'; readonly refusals: readonly Refusal[] } | { readonly kind: 'compared'; readonly diff: SummaryDiff };

export function isInShortfall(childYear: { readonly status: Status } | undefined): boolean {
  return childYear !== undefined && (SHORTFALL_STATUSES as readonly Status[]).includes(childYear.status);
}

/** The disciplines a run covered: the one it was limited to, else those its child-years had. */
export function disciplinesOf(summary: SummaryForDiff): string[] {
  const disciplines = summary.options.discipline !== null ? [summary.options.discipline] : [...summary.headline.disciplines];
  return [...new Set(disciplines)].sort(compareCodePoints);
}

function fingerprintOf(summary: SummaryForDiff): string | null {
  return summary.pseudonymisation?.keyFingerprint ?? null;
}

export function findRefusals(older: SummaryForDiff, newer: SummaryForDiff, force: boolean): Refusal[] {
  const oldKey = fingerprintOf(older);
  const newKey = fingerprintOf(newer);
  // Child IDs hashed with different keys (or hashed against raw) never match: every child would show as
  // both entered and left, a report that looks plausible and is wholly wrong. No flag turns that on.
  if (oldKey !== newKey) return [{ code: 'different-keys', old: oldKey, new: newKey }];
  if (force) return [];
  const refusals: Refusal[] = [];
  if (older.year !== newer.year) refusals.push({ code: 'different-year', old: older.year, new: newer.year });
  const oldDisciplines = disciplinesOf(older);
  const newDisciplines = disciplinesOf(newer);
  if (oldDisciplines.join('\n') !== newDisciplines.join('\n')) refusals.push({ code: 'different-disciplines', old: oldDisciplines, new: newDisciplines });
  return refusals;
}

/** new − old without binary-fraction noise (6424.1 − 5381.8 is 1042.3000000000002 in floating point). */
function figureChange(kind: FigureKind, old: number | null, next: number | null): number | null {
  if (old === null || next === null) return null;
  const scale = 10 ** FIGURE_DECIMALS[kind];
  return (Math.round(next * scale) - Math.round(old * scale)) / scale;
}

function headlineChanges(older: SummaryForDiff, newer: SummaryForDiff): HeadlineChange[] {
  return HEADLINE_FIGURES.map((figure) => {
    const old = older.headline[figure];
    const next = newer.headline[figure];
    return { figure, old, new: next, change: figureChange(HEADLINE_FIGURE_KINDS[figure], old, next) };
  });
}

/**
 * Why a child-year in shortfall in OLD is not in NEW. A plan that has ended explains it before delivery
 * does: once a plan ends its requirement stops growing, so a child-year that drops out of the report or
 * stops being short after its plan's end is put down to the end, not to sessions delivered.
 */
function leaveReason(next: ChildYearForDiff | undefined, newAsOf: string): LeaveReason {
  if (next === undefined) return 'plan-ended';
  // ISO dates compare as strings.
  if (next.planEnd !== null && next.planEnd <= newAsOf) return 'plan-ended';
  return 'delivered';
}

function changeOf(old: ChildYearForDiff | undefined, next: ChildYearForDiff | undefined, reason: LeaveReason | null): ChildChange {
  const either = next ?? old;
  if (either === undefined) throw new Error('a child change needs the child-year in at least one file');
  return {
    childId: either.childId,
    discipline: either.discipline,
    oldStatus: old?.status ?? null,
    newStatus: next?.status ?? null,
    oldShortfallMinutes: old?.shortfallMinutes ?? null,
    newShortfallMinutes: next?.shortfallMinutes ?? null,
    change: (next?.shortfallMinutes ?? 0) - (old?.shortfallMinutes ?? 0),
    reason,
  };
}

function compareChanges(a: ChildChange, b: ChildChange): number {
  return compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline);
}

/** The changes between two summaries, without any refusal check: use diffSummaries. */
export function compareSummaries(older: DiffSide, newer: DiffSide, tolerance: number): SummaryDiff {
  const oldByKey = new Map(older.summary.childYears.map((childYear) => [childYearKey(childYear), childYear]));
  const newByKey = new Map(newer.summary.childYears.map((childYear) => [childYearKey(childYear), childYear]));
  const entered: ChildChange[] = [];
  const left: ChildChange[] = [];
  const worsened: ChildChange[] = [];
  const improved: ChildChange[] = [];

  for (const [key, next] of newByKey) {
    const old = oldByKey.get(key);
    const wasShort = isInShortfall(old);
    const isShort = isInShortfall(next);
    if (isShort && !wasShort) entered.push(changeOf(old, next, null));
    else if (wasShort && !isShort) left.push(changeOf(old, next, leaveReason(next, newer.summary.asOf)));
    else if (wasShort && isShort) {
      const change = changeOf(old, next, null);
      if (change.change > tolerance) worsened.push(change);
      else if (change.change < -tolerance) improved.push(change);
    }
  }
  for (const [key, old] of oldByKey) {
    if (!newByKey.has(key) && isInShortfall(old)) left.push(changeOf(old, undefined, leaveReason(undefined, newer.summary.asOf)));
  }

  const side = ({ file, summary }: DiffSide): SideInfo => ({
    year: summary.year,
    asOf: summary.asOf,
    file,
    warnings: summary.warnings.map(({ code, message }) => ({ code, message })),
  });
  return {
    old: side(older),
    new: side(newer),
    tolerance,
    headline: headlineChanges(older.summary, newer.summary),
    entered: entered.sort(compareChanges),
    left: left.sort(compareChanges),
    worsened: worsened.sort(compareChanges),
    improved: improved.sort(compareChanges),
  };
}

/** Compares OLD with NEW, or says why not. `tolerance` is in minutes of shortfall, 0 or more. */
export function diffSummaries(older: DiffSide, newer: DiffSide, options: DiffOptions): DiffOutcome {
  if (!Number.isFinite(options.tolerance) || options.tolerance < 0) throw new RangeError(`tolerance must be 0 or more minutes, not ${options.tolerance}`);
  const refusals = findRefusals(older.summary, newer.summary, options.force);
  if (refusals.length > 0) return { kind: 'refused', refusals };
  return { kind: 'compared', diff: compareSummaries(older, newer, options.tolerance) };
}

/** The rows of every list with the list each is in, in the order entered, left, worsened, improved. */
export function allChanges(diff: SummaryDiff): { readonly kind: ChangeKind; readonly row: ChildChange }[] {
  return CHANGE_KINDS.flatMap((kind) => diff[kind].map((row) => ({ kind, row })));
}
