// Words and number formats shared by the table and Markdown renderers of a diff.
import { compareCodePoints } from '../exact/codePointOrder.js';
import { CHANGE_KINDS, type ChangeKind, type ChildChange, type HeadlineChange, type LeaveReason, type SummaryDiff } from './compare.js';
import { FIGURE_DECIMALS, HEADLINE_FIGURE_KINDS, type HeadlineFigure } from './summaryFile.js';
import { formatNumber } from '../report/headlineText.js';

/** Counts of child-years say so: a child with OT and SLT is one child and two child and discipline pairs. */
export const FIGURE_LABELS = {
  childrenInScope: 'Child and discipline pairs in scope',
  distinctChildren: 'Children in scope',
  notReceivingFullAllocation: 'Pairs not receiving full allocation',
  worklistChildren: 'Children not receiving full allocation',
  notReceivingShare: 'Pairs not receiving full allocation, %',
  noContact: 'Pairs with no contact at all',
  requiredHours: 'Hours required',
  deliveredHours: 'Hours delivered in all',
  deliveredWithinPlanHours: 'Hours delivered within plans',
  deliveredBeyondPlanHours: 'Hours delivered beyond plans',
  deliveredShare: 'Required hours delivered, %',
  hoursOwed: 'Hours owed',
  shortfallWithinToleranceHours: 'Hours short within tolerance',
  atRisk: 'Pairs at risk by the end of the year',
} as const satisfies Record<HeadlineFigure, string>;

export const CHANGE_TITLES = {
  entered: 'Entered shortfall',
  left: 'Left shortfall',
  worsened: 'Worsened',
  improved: 'Improved',
} as const satisfies Record<ChangeKind, string>;

export const REASON_WORDS = {
  delivered: 'delivered',
  'plan-ended': 'plan ended',
} as const satisfies Record<LeaveReason, string>;

/** A missing value: the figure was null (nothing due) or the child-year is not in that file. */
export const NO_VALUE = '—';

function decimalsOf(figure: HeadlineFigure): number {
  return FIGURE_DECIMALS[HEADLINE_FIGURE_KINDS[figure]];
}

export function formatFigure(figure: HeadlineFigure, value: number | null): string {
  return value === null ? NO_VALUE : formatNumber(value, decimalsOf(figure));
}

export function formatFigureChange(figure: HeadlineFigure, change: number | null): string {
  return formatSigned(change, decimalsOf(figure));
}

/** A change always carries its sign, so that "+3" and "3" cannot be confused with a level. */
export function formatSigned(value: number | null, decimals = 0): string {
  if (value === null) return NO_VALUE;
  const text = formatNumber(Math.abs(value), decimals);
  if (value > 0) return `+${text}`;
  return value < 0 ? `-${text}` : text;
}

export function formatMinutes(value: number | null): string {
  return value === null ? NO_VALUE : formatNumber(value);
}

/** The cells of one child row, in the order of CHILD_HEAD, before any escaping or colour. */
export const CHILD_HEAD = ['Child', 'Discipline', 'Old status', 'New status', 'Old shortfall min', 'New shortfall min', 'Change min'] as const;

export function childCells(row: ChildChange): string[] {
  return [
    row.childId,
    row.discipline,
    row.oldStatus ?? NO_VALUE,
    row.newStatus ?? NO_VALUE,
    formatMinutes(row.oldShortfallMinutes),
    formatMinutes(row.newShortfallMinutes),
    formatSigned(row.change),
  ];
}

function count(value: number, one: string, many: string): string {
  return `${formatNumber(value)} ${value === 1 ? one : many}`;
}

export function titleLine(diff: SummaryDiff): string {
  const { old, new: next } = diff;
  const year = old.year === next.year ? old.year : `${old.year} → ${next.year}`;
  return `Shortfall changes ${year}: as of ${old.asOf} (${old.file}) → as of ${next.asOf} (${next.file})`;
}

/**
 * "Check before use" lines when either run gave run-health warnings: each warning, saying which run
 * gave it. Empty when neither did.
 */
export function warningLines(diff: SummaryDiff): string[] {
  const lines: string[] = [];
  for (const [which, side] of [
    ['old', diff.old],
    ['new', diff.new],
  ] as const) {
    for (const warning of side.warnings) lines.push(`The ${which} run (as of ${side.asOf}) warned: ${warning.message}`);
  }
  return lines;
}

/** The heading over warningLines: the changes below rest on a headline that may be wrong. */
export function warningsHeading(diff: SummaryDiff): string {
  const count = diff.old.warnings.length + diff.new.warnings.length;
  return `Check before use: ${count === 1 ? 'a run-health warning' : `${formatNumber(count)} run-health warnings`} (the changes below may come from the data, not from delivery)`;
}

/** The counts line: how many children moved, and why those who left did. */
export function countsLine(diff: SummaryDiff): string {
  const delivered = diff.left.filter((row) => row.reason === 'delivered').length;
  const ended = diff.left.length - delivered;
  const band = diff.tolerance === 0 ? '' : ` by more than ${count(diff.tolerance, 'minute', 'minutes')}`;
  return (
    `${count(diff.entered.length, 'child-year', 'child-years')} entered shortfall; ` +
    `${formatNumber(diff.left.length)} left it (${formatNumber(delivered)} by delivery, ${formatNumber(ended)} because the plan ended); ` +
    `${formatNumber(diff.worsened.length)} worsened and ${formatNumber(diff.improved.length)} improved${band}.`
  );
}

/** The order of every rendered list: largest change in shortfall first, then child and discipline. */
export function byLargestChange(a: ChildChange, b: ChildChange): number {
  return Math.abs(b.change) - Math.abs(a.change) || compareCodePoints(a.childId, b.childId) || compareCodePoints(a.discipline, b.discipline);
}

/**
 * The headline rows worth a line: a figure neither file has (an older summary.json) is left out, and
 * so is the shortfall within tolerance when neither run had any (neither used --tolerance, mostly).
 */
export function headlineRowsShown(diff: SummaryDiff): HeadlineChange[] {
  return diff.headline.filter((row) => {
    if (row.old === null && row.new === null) return false;
    return !(row.figure === 'shortfallWithinToleranceHours' && !row.old && !row.new);
  });
}

/** One list of a diff as both text renderings show it: its title, its rows' cells (largest change first) and how many it has. */
export interface DiffList {
  readonly kind: ChangeKind;
  readonly title: string;
  readonly head: readonly string[];
  /** The rows shown, before escaping or colour: childCells, and for `left` the reason. */
  readonly rows: readonly (readonly string[])[];
  /** Rows in the list, shown or not. */
  readonly total: number;
}

/**
 * What the table and the Markdown of a diff show, in order, made once: the title, the warnings of
 * either run, the headline rows (figure, old, new, change), the counts line, and each list cut to its
 * `rowsPerList` largest changes.
 */
export interface DiffDocument {
  readonly title: string;
  readonly warningsHeading: string;
  readonly warnings: readonly string[];
  readonly headlineRows: readonly (readonly string[])[];
  readonly counts: string;
  readonly lists: readonly DiffList[];
}

export function diffDocument(diff: SummaryDiff, rowsPerList = Number.POSITIVE_INFINITY): DiffDocument {
  return {
    title: titleLine(diff),
    warningsHeading: warningsHeading(diff),
    warnings: warningLines(diff),
    headlineRows: headlineRowsShown(diff).map((row) => [
      FIGURE_LABELS[row.figure],
      formatFigure(row.figure, row.old),
      formatFigure(row.figure, row.new),
      formatFigureChange(row.figure, row.change),
    ]),
    counts: countsLine(diff),
    lists: CHANGE_KINDS.map((kind): DiffList => {
      const isLeft = kind === 'left';
      const rows = diff[kind];
      const shown = [...rows].sort(byLargestChange).slice(0, rowsPerList);
      return {
        kind,
        title: `${CHANGE_TITLES[kind]} (${formatNumber(rows.length)})`,
        head: isLeft ? [...CHILD_HEAD, 'Reason'] : CHILD_HEAD,
        rows: shown.map((row) => (isLeft ? [...childCells(row), row.reason === null ? '' : REASON_WORDS[row.reason]] : childCells(row))),
        total: rows.length,
      };
    }),
  };
}
