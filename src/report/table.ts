// --format table: the headline, the summary by provider and term, the top of the worklist and the row
// accounting, for a person at a terminal. Colour and width are decided by the caller, never read from
// globals here; every line fits the width (src/report/textLayout.ts).
import { Chalk } from 'chalk';
import { visible } from '../schema/visibleText.js';
import { PLAN_BUCKETS, CONTACT_BUCKETS } from '../schema/vocabulary.js';
import { breakdownCells, breakdownHeadings, breakdownShape, counted, formatNumber, headlineSentences } from './headlineText.js';
import { leftOutNote, renderTextTable, usableWidth, wrapText, type TextCell, type TextColumn } from './textLayout.js';
import type { Accounting } from '../reconcile/accounting.js';
import { firstExceptions } from '../reconcile/exceptionSink.js';
import type { ReconciliationResult, ValidationResult } from '../result/reconciliationResult.js';
import type { BreakdownRow } from '../result/summary.js';
import { hoursOf } from '../result/summary.js';
import type { WorklistRow } from '../recovery/worklist.js';

export interface TableRenderOptions {
  readonly color: boolean;
  /** Columns of the terminal (or 100 when standard output is not one): every line fits them. */
  readonly width?: number | undefined;
  /** Rows of the worklist to show. */
  readonly worklistRows?: number;
}

function breakdownTable(result: ReconciliationResult, title: string, rows: readonly BreakdownRow[], width: number, color: boolean): string[] {
  const shape = breakdownShape(result, rows);
  const headings = breakdownHeadings(shape);
  const columns: TextColumn[] = [
    { heading: title, minWidth: 12 },
    ...headings.map(
      (heading): TextColumn => ({
        heading,
        align: 'right',
        // The counts of shortfall and no contact are in the worklist too; the hours are what must add up.
        ...(heading === 'No contact' ? { dropOrder: 1 } : heading === 'Shortfall' ? { dropOrder: 2 } : {}),
      }),
    ),
  ];
  const table = renderTextTable(
    columns,
    rows.map((row) => [visible(row.key), ...breakdownCells(row, shape)]),
    { width, color },
  );
  return [...table.lines, ...noteLines(leftOutNote(table.left, '--format md shows every column'), width)];
}

function noteLines(note: string | null, width: number): string[] {
  return note === null ? [] : [wrapText(note, width)];
}

export function accountingLines(accounting: Accounting): string[] {
  const describe = (name: string, order: readonly string[], file: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }) => {
    const read = `${name}: ${formatNumber(file.rowsRead)} ${file.rowsRead === 1 ? 'row' : 'rows'} read`;
    const buckets = order.filter((bucket) => (file.buckets[bucket] ?? 0) > 0).map((bucket) => `${bucket} ${formatNumber(file.buckets[bucket] ?? 0)}`);
    return buckets.length === 0 ? read : `${read} = ${buckets.join(' + ')}`;
  };
  return [describe('Plans', PLAN_BUCKETS, accounting.plans), describe('Contacts', CONTACT_BUCKETS, accounting.contacts)];
}

/** Marks a plan end that is before the as-of date: the child's plan has ended, the hours it owed have not. */
const ENDED_MARK = '*';

function hasPlanEnded(row: WorklistRow, asOf: string): boolean {
  // ISO dates compare as strings.
  return row.planEnd !== null && row.planEnd < asOf;
}

function worklistLines(
  result: ReconciliationResult,
  shown: readonly WorklistRow[],
  width: number,
  chalk: InstanceType<typeof Chalk>,
  color: boolean,
): string[] {
  const totals = result.worklistTotals;
  const { headline } = result;
  // Route and cost only when there is one to show: without --capacity and --rate they are blank.
  const hasRoute = shown.some((row) => row.route !== null);
  const hasCost = shown.some((row) => row.estimatedCost !== null);
  const columns: TextColumn[] = [
    { heading: '#', align: 'right' },
    { heading: 'Child' },
    { heading: 'Disc.', dropOrder: 4 },
    { heading: 'Status' },
    { heading: 'Provider', minWidth: 10, dropOrder: 3 },
    { heading: 'Owed h', align: 'right' },
    { heading: 'Sessions', align: 'right', dropOrder: 2 },
    { heading: 'Per week', align: 'right', dropOrder: 1 },
    { heading: 'Plan end' },
    ...(hasRoute ? [{ heading: 'Route', dropOrder: 5 }] : []),
    ...(hasCost ? [{ heading: 'Cost £', align: 'right' as const, dropOrder: 6 }] : []),
  ];
  const rows = shown.map((row): TextCell[] => [
    String(row.rank),
    visible(row.childId),
    row.discipline,
    { text: row.status, paint: row.status === 'no-contact' ? chalk.red : chalk.yellow },
    visible(row.provider ?? ''),
    formatNumber(hoursOf(row.shortfallMinutes), 2),
    String(row.sessionsOwed),
    row.sessionsPerWeek === null ? '' : row.sessionsPerWeek.toFixed(2),
    row.planEnd === null ? 'open' : `${row.planEnd}${hasPlanEnded(row, result.asOf) ? ENDED_MARK : ''}`,
    ...(hasRoute ? [row.route ?? ''] : []),
    ...(hasCost ? [row.estimatedCost === null ? '' : formatNumber(row.estimatedCost, 2)] : []),
  ]);
  const table = renderTextTable(columns, rows, { width, color });
  const count = result.worklist.length;
  const children = `${formatNumber(headline.worklistChildren)} ${headline.worklistChildren === 1 ? 'child' : 'children'}`;
  const who = headline.worklistChildren === count ? children : `${children} (${formatNumber(count)} child and discipline pairs)`;
  const out = [
    chalk.bold(wrapText(`Recovery worklist: ${who}; deadline ${totals.deadline}, ${formatNumber(totals.weeksLeft, 2)} term-time weeks left`, width)),
    wrapText('Order: no contact first, then plans that end before the deadline, then the largest shortfall as a share of required hours.', width),
    ...table.lines,
  ];
  if (shown.some((row) => hasPlanEnded(row, result.asOf))) {
    out.push(wrapText(`${ENDED_MARK} The plan ended before ${result.asOf}, the as-of date: the hours it owed are still owed.`, width));
  }
  out.push(...noteLines(leftOutNote(table.left, 'worklist.csv (--out DIR) has every column'), width));
  if (count > shown.length) out.push(wrapText(`… and ${formatNumber(count - shown.length)} more (--out DIR writes worklist.csv)`, width));
  if (totals.capacityHours !== null)
    out.push(wrapText(`In-house: ${formatNumber(totals.inHouseHours ?? 0, 2)} of ${formatNumber(totals.capacityHours, 2)} capacity hours used.`, width));
  if (totals.totalCost !== null) out.push(wrapText(`Estimated cost of independent recovery: £${formatNumber(totals.totalCost, 2)}.`, width));
  return out;
}

export function renderTable(result: ReconciliationResult, options: TableRenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = usableWidth(options.width);
  const out: string[] = [];
  out.push(
    chalk.bold(
      headlineSentences(result)
        .map((sentence) => wrapText(sentence, width, ''))
        .join('\n'),
    ),
    '',
  );

  out.push(chalk.bold('By provider'), ...breakdownTable(result, 'Provider', result.summary.byProvider, width, options.color), '');

  const terms = renderTextTable(
    [
      { heading: 'Term', minWidth: 8 },
      { heading: 'Required h', align: 'right' },
      { heading: 'Delivered h', align: 'right' },
      { heading: 'Owed h', align: 'right' },
    ],
    result.summary.byTerm.map((term) => [
      visible(term.term),
      formatNumber(term.requiredHours, 2),
      formatNumber(term.deliveredWithinPlanHours, 2),
      formatNumber(term.owedHours, 2),
    ]),
    { width, color: options.color },
  );
  out.push(chalk.bold('By term'), ...terms.lines, '');

  const shown = result.worklist.slice(0, options.worklistRows ?? 10);
  if (shown.length > 0) out.push(...worklistLines(result, shown, width, chalk, options.color), '');

  out.push(chalk.bold('Row accounting'), ...accountingLines(result.accounting).map((line) => wrapText(line, width)));
  const exceptionCount = result.exceptions.length;
  if (exceptionCount > 0) out.push(chalk.yellow(wrapText(`${counted(exceptionCount, 'exception row')} to look at (--out DIR writes exceptions.csv).`, width)));
  return `${out.join('\n')}\n`;
}

/** The accounting as an aligned list, one bucket a line, for validate. */
function accountingList(accounting: Accounting): string[] {
  const lines: string[] = [];
  const file = (name: string, order: readonly string[], counts: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }) => {
    lines.push(`${name}: ${counted(counts.rowsRead, 'row')} read`);
    for (const bucket of order) {
      const count = counts.buckets[bucket] ?? 0;
      if (count > 0) lines.push(`  ${bucket.padEnd(20)} ${formatNumber(count).padStart(12)}`);
    }
  };
  file('Plans', PLAN_BUCKETS, accounting.plans);
  file('Contacts', CONTACT_BUCKETS, accounting.contacts);
  return lines;
}

/** Exception rows shown on a terminal; the CSV and --out list them all. */
const EXCEPTIONS_SHOWN = 50;

/** validate for a person at a terminal: the accounting and the first exception rows, each line within `width`. */
export function renderValidationTable(validation: ValidationResult, options: { readonly width?: number | undefined } = {}): string {
  const width = usableWidth(options.width);
  const { exceptions } = validation;
  const shown = firstExceptions(exceptions, EXCEPTIONS_SHOWN).map((record) =>
    visible(`  ${record.file} line ${record.line}: ${record.bucket} — ${record.field} "${record.value}": ${record.reason}`),
  );
  const more =
    exceptions.length > shown.length ? [`  … and ${formatNumber(exceptions.length - shown.length)} more (--format csv or --out DIR lists them all)`] : [];
  const heading = exceptions.length === 0 ? 'No exceptions.' : `${counted(exceptions.length, 'exception row')}:`;
  return `${wrapText(accountingList(validation.accounting).join('\n'), width)}\n\n${heading}\n${wrapText([...shown, ...more].join('\n'), width, '    ')}\n`;
}
