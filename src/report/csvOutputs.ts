// The CSV outputs (SPEC 5): one header row, one row per record; hours to two decimals, minutes whole.
// Each is a sequence of lines, so that --out can stream it to disk.
import { formatCsvRow } from '../io/csvWriter.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import type { ChildYear } from '../reconcile/childYear.js';
import type { WorklistRow } from '../recovery/worklist.js';
import type { ReconciliationResult } from './result.js';
import { hoursOf } from './summary.js';

type Cell = string | number | null;

/** The lines of a CSV file, header first; pieces to join or to stream (see chunks.ts). */
function* csvLines<T>(header: readonly string[], records: Iterable<T>, cellsOf: (record: T) => Cell[], bom: boolean): Generator<string> {
  if (bom) yield '\uFEFF';
  yield formatCsvRow(header);
  for (const record of records) yield formatCsvRow(cellsOf(record));
}

function hours(minutes: number): string {
  return hoursOf(minutes).toFixed(2);
}

function termSlug(term: string): string {
  return term.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'term';
}

function childYearHeader(termNames: readonly string[]): string[] {
  return [
    'child_id', 'discipline', 'year', 'status',
    'required_hours', 'delivered_hours', 'shortfall_hours', 'surplus_hours', 'delivered_percent',
    'required_minutes', 'delivered_minutes', 'shortfall_minutes', 'surplus_minutes',
    'sessions_delivered', 'sessions_owed', 'session_minutes', 'recovery_minutes', 'plan_end',
    'provider', 'locality', 'commissioner', 'establishment',
    'required_full_year_minutes', 'booked_minutes', 'projected_minutes', 'at_risk',
    ...termNames.flatMap((term) => [`${termSlug(term)}_required_minutes`, `${termSlug(term)}_delivered_minutes`]),
  ];
}

function childYearCells(childYear: ChildYear): Cell[] {
  return [
    childYear.childId, childYear.discipline, childYear.year, childYear.status,
    hours(childYear.requiredMinutes), hours(childYear.deliveredMinutes), hours(childYear.shortfallMinutes), hours(childYear.surplusMinutes),
    childYear.deliveredPercent === null ? null : childYear.deliveredPercent.toFixed(1),
    childYear.requiredMinutes, childYear.deliveredMinutes, childYear.shortfallMinutes, childYear.surplusMinutes,
    childYear.sessionsDelivered, childYear.sessionsOwed, childYear.sessionMinutes, childYear.recoveryMinutes, childYear.planEnd,
    childYear.provider, childYear.locality, childYear.commissioner, childYear.establishment,
    childYear.requiredFullYearMinutes, childYear.bookedMinutes, childYear.projectedMinutes, childYear.atRisk ? 'yes' : 'no',
    ...childYear.terms.flatMap((term) => [term.requiredMinutes, term.deliveredMinutes]),
  ];
}

function termNamesOf(result: ReconciliationResult): string[] {
  return result.summary.byTerm.map((term) => term.term);
}

function childYearLines(result: ReconciliationResult, childYears: Iterable<ChildYear>, bom: boolean): Generator<string> {
  return csvLines(childYearHeader(termNamesOf(result)), childYears, childYearCells, bom);
}

function* owing(childYears: readonly ChildYear[]): Generator<ChildYear> {
  for (const childYear of childYears) if (childYear.status === 'shortfall' || childYear.status === 'no-contact') yield childYear;
}

export function reconciliationCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return childYearLines(result, result.childYears, bom);
}

export function shortfallCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return childYearLines(result, owing(result.childYears), bom);
}

const WORKLIST_HEADER = [
  'rank', 'child_id', 'discipline', 'status', 'provider', 'locality',
  'required_hours', 'delivered_hours', 'shortfall_hours', 'sessions_owed', 'session_minutes',
  'plan_end', 'deadline', 'weeks_left', 'sessions_per_week', 'route', 'estimated_cost',
];

function worklistCells(row: WorklistRow): Cell[] {
  return [
    row.rank, row.childId, row.discipline, row.status, row.provider, row.locality,
    hours(row.requiredMinutes), hours(row.deliveredMinutes), hours(row.shortfallMinutes), row.sessionsOwed, row.sessionMinutes,
    row.planEnd, row.deadline, row.weeksLeft.toFixed(2), row.sessionsPerWeek === null ? null : row.sessionsPerWeek.toFixed(2),
    row.route, row.estimatedCost === null ? null : row.estimatedCost.toFixed(2),
  ];
}

export function worklistCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return csvLines(WORKLIST_HEADER, result.worklist, worklistCells, bom);
}

const EXCEPTION_HEADER = ['file', 'line', 'bucket', 'field', 'value', 'reason', 'child_id'];

function exceptionCells(record: ExceptionRecord): Cell[] {
  return [record.file, record.line, record.bucket, record.field, record.value, record.reason, record.childId];
}

export function exceptionsCsv(exceptions: readonly ExceptionRecord[], bom: boolean): Generator<string> {
  return csvLines(EXCEPTION_HEADER, exceptions, exceptionCells, bom);
}
