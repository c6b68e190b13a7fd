// The row tables of shortfall.xlsx, column by column: the columns of shortfall.csv, worklist.csv and
// exceptions.csv under the same headings, and the summary's breakdowns under the headings every text
// report shows. Each column says how its cells are typed.
import type { ExceptionRecord } from '../../reconcile/accounting.js';
import { isOwing, type ChildYear } from '../../reconcile/childYear.js';
import type { WorklistRow } from '../../recovery/worklist.js';
import { breakdownHeadings, breakdownShape, type BreakdownShape } from '../headlineText.js';
import { termColumnPrefixes } from '../csvOutputs.js';
import { hasWorkbookInput, type ReconciliationResult } from '../../result/reconciliationResult.js';
import { hoursOf, type BreakdownRow } from '../../result/summary.js';
import type { WorkbookColumn, WorkbookTable } from './tableSheets.js';

function* owing(childYears: Iterable<ChildYear>): Generator<ChildYear> {
  for (const childYear of childYears) if (isOwing(childYear)) yield childYear;
}

function childYearColumns(termNames: readonly string[]): WorkbookColumn<ChildYear>[] {
  return [
    { heading: 'child_id', format: 'text', valueOf: (row) => row.childId },
    { heading: 'discipline', format: 'text', valueOf: (row) => row.discipline },
    { heading: 'year', format: 'text', valueOf: (row) => row.year },
    { heading: 'status', format: 'text', valueOf: (row) => row.status },
    { heading: 'required_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.requiredMinutes) },
    { heading: 'delivered_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.deliveredMinutes) },
    { heading: 'shortfall_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.shortfallMinutes) },
    { heading: 'surplus_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.surplusMinutes) },
    { heading: 'delivered_percent', format: 'percent', valueOf: (row) => row.deliveredPercent },
    { heading: 'required_minutes', format: 'integer', valueOf: (row) => row.requiredMinutes },
    { heading: 'delivered_minutes', format: 'integer', valueOf: (row) => row.deliveredMinutes },
    { heading: 'shortfall_minutes', format: 'integer', valueOf: (row) => row.shortfallMinutes },
    { heading: 'surplus_minutes', format: 'integer', valueOf: (row) => row.surplusMinutes },
    { heading: 'sessions_delivered', format: 'integer', valueOf: (row) => row.sessionsDelivered },
    { heading: 'sessions_owed', format: 'integer', valueOf: (row) => row.sessionsOwed },
    // A session of an hours-form line can last a fraction of a minute: shown as it is, not rounded.
    { heading: 'session_minutes', format: 'general', valueOf: (row) => row.sessionMinutes },
    { heading: 'recovery_minutes', format: 'integer', valueOf: (row) => row.recoveryMinutes },
    { heading: 'plan_end', format: 'date', valueOf: (row) => row.planEnd },
    { heading: 'provider', format: 'text', valueOf: (row) => row.provider },
    { heading: 'locality', format: 'text', valueOf: (row) => row.locality },
    { heading: 'commissioner', format: 'text', valueOf: (row) => row.commissioner },
    { heading: 'establishment', format: 'text', valueOf: (row) => row.establishment },
    { heading: 'required_full_year_minutes', format: 'integer', valueOf: (row) => row.requiredFullYearMinutes },
    { heading: 'booked_minutes', format: 'integer', valueOf: (row) => row.bookedMinutes },
    { heading: 'projected_minutes', format: 'integer', valueOf: (row) => row.projectedMinutes },
    { heading: 'at_risk', format: 'text', valueOf: (row) => (row.atRisk ? 'yes' : 'no') },
    // Headed as shortfall.csv heads them.
    ...termColumnPrefixes(termNames).flatMap((prefix, index): WorkbookColumn<ChildYear>[] => [
      { heading: `${prefix}_required_minutes`, format: 'integer', valueOf: (row) => row.terms[index]?.requiredMinutes ?? null },
      { heading: `${prefix}_delivered_minutes`, format: 'integer', valueOf: (row) => row.terms[index]?.deliveredMinutes ?? null },
    ]),
  ];
}

/** Child-years in no-contact or shortfall, as shortfall.csv. */
export function shortfallTable(result: ReconciliationResult): WorkbookTable<ChildYear> {
  const statuses = result.summary.statuses;
  return {
    sheetName: 'Shortfall',
    columns: childYearColumns(result.summary.byTerm.map((term) => term.term)),
    rows: owing(result.childYears),
    // The summary counted every child-year's status: the sheets are planned before the rows are read.
    rowCount: statuses.shortfall + statuses['no-contact'],
  };
}

const WORKLIST_COLUMNS: readonly WorkbookColumn<WorklistRow>[] = [
  { heading: 'rank', format: 'integer', valueOf: (row) => row.rank },
  { heading: 'child_id', format: 'text', valueOf: (row) => row.childId },
  { heading: 'discipline', format: 'text', valueOf: (row) => row.discipline },
  { heading: 'status', format: 'text', valueOf: (row) => row.status },
  { heading: 'provider', format: 'text', valueOf: (row) => row.provider },
  { heading: 'locality', format: 'text', valueOf: (row) => row.locality },
  { heading: 'required_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.requiredMinutes) },
  { heading: 'delivered_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.deliveredMinutes) },
  { heading: 'shortfall_hours', format: 'twoDecimals', valueOf: (row) => hoursOf(row.shortfallMinutes) },
  { heading: 'sessions_owed', format: 'integer', valueOf: (row) => row.sessionsOwed },
  { heading: 'session_minutes', format: 'general', valueOf: (row) => row.sessionMinutes },
  { heading: 'plan_end', format: 'date', valueOf: (row) => row.planEnd },
  { heading: 'deadline', format: 'date', valueOf: (row) => row.deadline },
  { heading: 'weeks_left', format: 'twoDecimals', valueOf: (row) => row.weeksLeft },
  { heading: 'sessions_per_week', format: 'twoDecimals', valueOf: (row) => row.sessionsPerWeek },
  { heading: 'route', format: 'text', valueOf: (row) => row.route },
  { heading: 'estimated_cost', format: 'money', valueOf: (row) => row.estimatedCost },
];

export function worklistTable(result: ReconciliationResult): WorkbookTable<WorklistRow> {
  return { sheetName: 'Worklist', columns: WORKLIST_COLUMNS, rows: result.worklist, rowCount: result.worklist.length };
}

const EXCEPTION_COLUMNS: readonly WorkbookColumn<ExceptionRecord>[] = [
  { heading: 'file', format: 'text', valueOf: (row) => row.file },
  { heading: 'line', format: 'integer', valueOf: (row) => row.line },
  { heading: 'bucket', format: 'text', valueOf: (row) => row.bucket },
  { heading: 'field', format: 'text', valueOf: (row) => row.field },
  { heading: 'value', format: 'text', valueOf: (row) => row.value },
  { heading: 'reason', format: 'text', valueOf: (row) => row.reason },
  { heading: 'child_id', format: 'text', valueOf: (row) => row.childId },
];

/** A run that read a workbook names each exception's cell, as exceptions.csv does. */
const EXCEPTION_CELL_COLUMN: WorkbookColumn<ExceptionRecord> = { heading: 'cell', format: 'text', valueOf: (row) => row.cell ?? null };

export function exceptionsTable(result: ReconciliationResult): WorkbookTable<ExceptionRecord> {
  const columns = hasWorkbookInput(result.inputs) ? [...EXCEPTION_COLUMNS, EXCEPTION_CELL_COLUMN] : EXCEPTION_COLUMNS;
  return { sheetName: 'Exceptions', columns, rows: result.exceptions, rowCount: result.exceptions.length };
}

/**
 * The figures of a breakdown, as numbers, headed as the text reports head them (breakdownHeadings):
 * delivered hours are those within each child's plan, so that a row reads required = delivered + owed.
 */
function breakdownColumns(shape: BreakdownShape): WorkbookColumn<BreakdownRow>[] {
  const [count, required, delivered, owed, ...rest] = breakdownHeadings(shape);
  const tolerance = shape.hasTolerance ? rest.shift() : undefined;
  const [shortfall, noContact] = rest;
  return [
    { heading: count!, format: 'count', valueOf: (row) => row.childYears },
    { heading: required!, format: 'twoDecimals', valueOf: (row) => row.requiredHours },
    { heading: delivered!, format: 'twoDecimals', valueOf: (row) => row.deliveredWithinPlanHours },
    { heading: owed!, format: 'twoDecimals', valueOf: (row) => row.owedHours },
    ...(tolerance === undefined
      ? []
      : [{ heading: tolerance, format: 'twoDecimals', valueOf: (row: BreakdownRow) => row.shortfallWithinToleranceHours } as const]),
    { heading: shortfall!, format: 'count', valueOf: (row) => row.statuses.shortfall },
    { heading: noContact!, format: 'count', valueOf: (row) => row.statuses['no-contact'] },
  ];
}

export const BREAKDOWNS = [
  { sheetName: 'By provider', keyHeading: 'Provider', rowsOf: (result: ReconciliationResult) => result.summary.byProvider },
  { sheetName: 'By locality', keyHeading: 'Locality', rowsOf: (result: ReconciliationResult) => result.summary.byLocality },
  { sheetName: 'By commissioner', keyHeading: 'Commissioner', rowsOf: (result: ReconciliationResult) => result.summary.byCommissioner },
] as const;

export function breakdownTable(breakdown: (typeof BREAKDOWNS)[number], result: ReconciliationResult): WorkbookTable<BreakdownRow> {
  const rows = breakdown.rowsOf(result);
  return {
    sheetName: breakdown.sheetName,
    columns: [{ heading: breakdown.keyHeading, format: 'text', valueOf: (row) => row.key }, ...breakdownColumns(breakdownShape(result, rows))],
    rows,
    rowCount: rows.length,
  };
}
