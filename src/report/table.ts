// --format table: the headline, the summary by provider and term, the top of the worklist and the row
// accounting, for a person at a terminal. Colour is decided by the caller, never read from globals here.
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { visible } from '../schema/visibleText.js';
import { PLAN_BUCKETS, CONTACT_BUCKETS } from '../schema/vocabulary.js';
import { BREAKDOWN_HEADINGS, breakdownCells, formatNumber, headlineSentences } from './headlineText.js';
import type { Accounting } from '../reconcile/accounting.js';
import { firstExceptions } from '../reconcile/exceptionSink.js';
import type { ReconciliationResult, ValidationResult } from '../result/reconciliationResult.js';
import type { BreakdownRow } from '../result/summary.js';
import { hoursOf } from '../result/summary.js';

export interface TableRenderOptions {
  readonly color: boolean;
  /** Rows of the worklist to show. */
  readonly worklistRows?: number;
}

function makeTable(head: string[], color: boolean): Table.Table {
  return new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
}

function breakdownTable(title: string, rows: readonly BreakdownRow[], color: boolean): string {
  const table = makeTable([title, ...BREAKDOWN_HEADINGS], color);
  for (const row of rows) table.push([visible(row.key), ...breakdownCells(row)]);
  return table.toString();
}

export function accountingLines(accounting: Accounting): string[] {
  const describe = (name: string, order: readonly string[], file: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }) => {
    const read = `${name}: ${formatNumber(file.rowsRead)} ${file.rowsRead === 1 ? 'row' : 'rows'} read`;
    const buckets = order.filter((bucket) => (file.buckets[bucket] ?? 0) > 0).map((bucket) => `${bucket} ${formatNumber(file.buckets[bucket] ?? 0)}`);
    return buckets.length === 0 ? read : `${read} = ${buckets.join(' + ')}`;
  };
  return [describe('Plans', PLAN_BUCKETS, accounting.plans), describe('Contacts', CONTACT_BUCKETS, accounting.contacts)];
}

export function renderTable(result: ReconciliationResult, options: TableRenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(chalk.bold(headlineSentences(result).join('\n')), '');

  out.push(chalk.bold('By provider'), breakdownTable('Provider', result.summary.byProvider, options.color), '');

  const terms = makeTable(['Term', 'Required h', 'Delivered h', 'Owed h'], options.color);
  for (const term of result.summary.byTerm) {
    terms.push([visible(term.term), formatNumber(term.requiredHours, 2), formatNumber(term.deliveredHours, 2), formatNumber(term.owedHours, 2)]);
  }
  out.push(chalk.bold('By term'), terms.toString(), '');

  const shown = result.worklist.slice(0, options.worklistRows ?? 10);
  if (shown.length > 0) {
    const worklist = makeTable(['#', 'Child', 'Disc.', 'Status', 'Provider', 'Owed h', 'Sessions', 'Per week', 'Route', 'Cost £'], options.color);
    for (const row of shown) {
      worklist.push([
        row.rank,
        visible(row.childId),
        row.discipline,
        row.status === 'no-contact' ? chalk.red(row.status) : chalk.yellow(row.status),
        visible(row.provider ?? ''),
        formatNumber(hoursOf(row.shortfallMinutes), 2),
        row.sessionsOwed,
        row.sessionsPerWeek === null ? '' : row.sessionsPerWeek.toFixed(2),
        row.route ?? '',
        row.estimatedCost === null ? '' : formatNumber(row.estimatedCost, 2),
      ]);
    }
    const totals = result.worklistTotals;
    out.push(
      chalk.bold(`Recovery worklist: ${formatNumber(result.worklist.length)} children; deadline ${totals.deadline}, ${formatNumber(totals.weeksLeft, 2)} term-time weeks left`),
      worklist.toString(),
    );
    if (result.worklist.length > shown.length) out.push(`… and ${formatNumber(result.worklist.length - shown.length)} more (--out DIR writes worklist.csv)`);
    if (totals.capacityHours !== null) out.push(`In-house: ${formatNumber(totals.inHouseHours ?? 0, 2)} of ${formatNumber(totals.capacityHours, 2)} capacity hours used.`);
    if (totals.totalCost !== null) out.push(`Estimated cost of independent recovery: £${formatNumber(totals.totalCost, 2)}.`);
    out.push('');
  }

  out.push(chalk.bold('Row accounting'), ...accountingLines(result.accounting));
  const exceptionCount = result.exceptions.length;
  if (exceptionCount > 0) out.push(chalk.yellow(`${formatNumber(exceptionCount)} exception rows to look at (--out DIR writes exceptions.csv).`));
  return out.join('\n') + '\n';
}

/** The accounting as an aligned list, one bucket a line, for validate. */
function accountingList(accounting: Accounting): string[] {
  const lines: string[] = [];
  const file = (name: string, order: readonly string[], counts: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }) => {
    lines.push(`${name}: ${formatNumber(counts.rowsRead)} rows read`);
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

/** validate for a person at a terminal: the accounting and the first exception rows. */
export function renderValidationTable(validation: ValidationResult): string {
  const { exceptions } = validation;
  const shown = firstExceptions(exceptions, EXCEPTIONS_SHOWN).map((record) => visible(`  ${record.file} line ${record.line}: ${record.bucket} — ${record.field} "${record.value}": ${record.reason}`));
  const more = exceptions.length > shown.length ? [`  … and ${formatNumber(exceptions.length - shown.length)} more (--format csv or --out DIR lists them all)`] : [];
  const heading = exceptions.length === 0 ? 'No exceptions.' : `${formatNumber(exceptions.length)} exception rows:`;
  return `${accountingList(validation.accounting).join('\n')}\n\n${heading}\n${[...shown, ...more].join('\n')}\n`;
}
