// The CSV outputs (README.md#outputs): one header row, one row per record; hours to two decimals, minutes whole.
// Each is a sequence of lines, so that --out can stream it to disk. The lines of the large files are
// joined by hand from the cells formatCsvRow would write.
import { csvNumber, csvText, formatCsvRow } from '../io/csvWriter.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import type { ExceptionList } from '../reconcile/exceptionSink.js';
import type { ChildYear } from '../reconcile/childYear.js';
import type { WorklistRow } from '../recovery/worklist.js';
import { remembered, rememberedNumbers } from './chunks.js';
import type { ReconciliationResult } from '../result/reconciliationResult.js';
import { hoursOf } from '../result/summary.js';

/** The lines of a CSV file, header first; pieces to join or to stream (see chunks.ts). */
function* csvLines<T>(header: readonly string[], records: Iterable<T>, lineOf: (record: T) => string, bom: boolean): Generator<string> {
  if (bom) yield '\uFEFF';
  yield formatCsvRow(header);
  for (const record of records) yield lineOf(record);
}

/**
 * Cells made once per distinct value, each with the comma that follows it: a line is then one
 * concatenation per cell, and the large files have 100,000 lines of 30 cells.
 */
function cellsWithComma() {
  const texts = remembered((text: string) => `${csvText(text)},`);
  return {
    /** Null is the empty cell. */
    text: (text: string | null): string => (text === null ? ',' : texts(text)),
    number: rememberedNumbers((value) => `${csvNumber(value)},`),
    hours: rememberedNumbers((minutes) => `${csvText(hoursOf(minutes).toFixed(2))},`),
    oneDecimal: rememberedNumbers((value) => `${csvText(value.toFixed(1))},`),
    twoDecimals: rememberedNumbers((value) => `${csvText(value.toFixed(2))},`),
  };
}

function termSlug(term: string): string {
  return (
    term
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'term'
  );
}

/**
 * Each term's column prefix: its slug, and a number after a slug an earlier term already has
 * ("Autumn 1" and "Autumn-1" both give `autumn_1`; two names in another script both give `term`),
 * so that no two columns share a header.
 */
export function termColumnPrefixes(termNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return termNames.map((term) => {
    const slug = termSlug(term);
    let prefix = slug;
    for (let count = 2; taken.has(prefix); count++) prefix = `${slug}_${count}`;
    taken.add(prefix);
    return prefix;
  });
}

function childYearHeader(termNames: readonly string[]): string[] {
  return [
    'child_id',
    'discipline',
    'year',
    'status',
    'required_hours',
    'delivered_hours',
    'shortfall_hours',
    'surplus_hours',
    'delivered_percent',
    'required_minutes',
    'delivered_minutes',
    'shortfall_minutes',
    'surplus_minutes',
    'sessions_delivered',
    'sessions_owed',
    'session_minutes',
    'recovery_minutes',
    'plan_end',
    'provider',
    'locality',
    'commissioner',
    'establishment',
    'required_full_year_minutes',
    'booked_minutes',
    'projected_minutes',
    'at_risk',
    ...termColumnPrefixes(termNames).flatMap((prefix) => [`${prefix}_required_minutes`, `${prefix}_delivered_minutes`]),
  ];
}

function childYearLineWriter(): (childYear: ChildYear) => string {
  const cell = cellsWithComma();
  return (childYear) => {
    let line =
      `${csvText(childYear.childId)},${cell.text(childYear.discipline)}${cell.text(childYear.year)}${cell.text(childYear.status)}` +
      `${cell.hours(childYear.requiredMinutes)}${cell.hours(childYear.deliveredMinutes)}${cell.hours(childYear.shortfallMinutes)}${cell.hours(childYear.surplusMinutes)}` +
      `${childYear.deliveredPercent === null ? ',' : cell.oneDecimal(childYear.deliveredPercent)}` +
      `${cell.number(childYear.requiredMinutes)}${cell.number(childYear.deliveredMinutes)}${cell.number(childYear.shortfallMinutes)}${cell.number(childYear.surplusMinutes)}` +
      `${cell.number(childYear.sessionsDelivered)}${cell.number(childYear.sessionsOwed)}${cell.number(childYear.sessionMinutes)}${cell.number(childYear.recoveryMinutes)}` +
      `${cell.text(childYear.planEnd)}${cell.text(childYear.provider)}${cell.text(childYear.locality)}${cell.text(childYear.commissioner)}${cell.text(childYear.establishment)}` +
      `${cell.number(childYear.requiredFullYearMinutes)}${cell.number(childYear.bookedMinutes)}${cell.number(childYear.projectedMinutes)}${childYear.atRisk ? 'yes' : 'no'}`;
    for (const term of childYear.terms) line += `,${csvNumber(term.requiredMinutes)},${csvNumber(term.deliveredMinutes)}`;
    return `${line}\n`;
  };
}

function termNamesOf(result: ReconciliationResult): string[] {
  return result.summary.byTerm.map((term) => term.term);
}

function childYearLines(result: ReconciliationResult, childYears: Iterable<ChildYear>, bom: boolean): Generator<string> {
  return csvLines(childYearHeader(termNamesOf(result)), childYears, childYearLineWriter(), bom);
}

function* owing(childYears: Iterable<ChildYear>): Generator<ChildYear> {
  for (const childYear of childYears) if (childYear.status === 'shortfall' || childYear.status === 'no-contact') yield childYear;
}

export function reconciliationCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return childYearLines(result, result.childYears, bom);
}

export function shortfallCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return childYearLines(result, owing(result.childYears), bom);
}

const WORKLIST_HEADER = [
  'rank',
  'child_id',
  'discipline',
  'status',
  'provider',
  'locality',
  'required_hours',
  'delivered_hours',
  'shortfall_hours',
  'sessions_owed',
  'session_minutes',
  'plan_end',
  'deadline',
  'weeks_left',
  'sessions_per_week',
  'route',
  'estimated_cost',
];

function worklistLineWriter(): (row: WorklistRow) => string {
  const cell = cellsWithComma();
  return (row) =>
    `${cell.number(row.rank)}${csvText(row.childId)},${cell.text(row.discipline)}${cell.text(row.status)}${cell.text(row.provider)}${cell.text(row.locality)}` +
    `${cell.hours(row.requiredMinutes)}${cell.hours(row.deliveredMinutes)}${cell.hours(row.shortfallMinutes)}${cell.number(row.sessionsOwed)}${cell.number(row.sessionMinutes)}` +
    `${cell.text(row.planEnd)}${cell.text(row.deadline)}${cell.twoDecimals(row.weeksLeft)}${row.sessionsPerWeek === null ? ',' : cell.twoDecimals(row.sessionsPerWeek)}` +
    `${cell.text(row.route)}${row.estimatedCost === null ? '' : csvText(row.estimatedCost.toFixed(2))}\n`;
}

export function worklistCsv(result: ReconciliationResult, bom: boolean): Generator<string> {
  return csvLines(WORKLIST_HEADER, result.worklist, worklistLineWriter(), bom);
}

const EXCEPTION_HEADER = ['file', 'line', 'bucket', 'field', 'value', 'reason', 'child_id'];

function exceptionLine(record: ExceptionRecord): string {
  return formatCsvRow([record.file, record.line, record.bucket, record.field, record.value, record.reason, record.childId]);
}

function exceptionLineWithCell(record: ExceptionRecord): string {
  return formatCsvRow([record.file, record.line, record.bucket, record.field, record.value, record.reason, record.childId, record.cell ?? null]);
}

/** `withCells`: a run that read a workbook adds a `cell` column ("Plans!F22"; empty for a row of a CSV input). */
export function exceptionsCsv(exceptions: ExceptionList, bom: boolean, withCells: boolean): Generator<string> {
  return withCells
    ? csvLines([...EXCEPTION_HEADER, 'cell'], exceptions, exceptionLineWithCell, bom)
    : csvLines(EXCEPTION_HEADER, exceptions, exceptionLine, bom);
}
