// Results for the workbook's tests, consistent the way a run's are: the summary and headline are
// computed from the child-years by the real functions.
import type { ExceptionRecord } from '../../../../src/reconcile/accounting.js';
import type { ChildYear } from '../../../../src/reconcile/childYear.js';
import type { WorklistRow } from '../../../../src/recovery/worklist.js';
import type { ReconciliationResult } from '../../../../src/result/reconciliationResult.js';
import { computeHeadlines, computeSummary } from '../../../../src/result/summary.js';
import type { WorkbookAbout } from '../../../../src/report/workbook/shortfallWorkbook.js';

export function childYear(overrides: Partial<ChildYear> = {}): ChildYear {
  return {
    childId: 'C0001',
    discipline: 'OT',
    year: '2025/26',
    status: 'shortfall',
    requiredMinutes: 720,
    deliveredMinutes: 560,
    shortfallMinutes: 160,
    surplusMinutes: 0,
    deliveredPercent: 77.8,
    sessionsDelivered: 13,
    sessionsOwed: 4,
    recoveryMinutes: 0,
    sessionMinutes: 45,
    planEnd: '2026-06-09',
    provider: 'Riverside Trust',
    locality: 'Northvale',
    commissioner: 'LA',
    establishment: 'special school',
    requiredFullYearMinutes: 885,
    bookedMinutes: 180,
    projectedMinutes: 740,
    atRisk: true,
    terms: [
      { term: 'Autumn', requiredMinutes: 360, deliveredMinutes: 260 },
      { term: 'Spring', requiredMinutes: 360, deliveredMinutes: 300 },
      { term: 'Summer', requiredMinutes: 0, deliveredMinutes: 0 },
    ],
    ...overrides,
  };
}

export function worklistRow(overrides: Partial<WorklistRow> = {}): WorklistRow {
  return {
    rank: 1,
    childId: 'C0001',
    discipline: 'OT',
    status: 'shortfall',
    provider: 'Riverside Trust',
    locality: 'Northvale',
    requiredMinutes: 720,
    deliveredMinutes: 560,
    shortfallMinutes: 160,
    sessionsOwed: 4,
    sessionMinutes: 45,
    planEnd: '2026-06-09',
    deadline: '2026-08-31',
    weeksLeft: 13,
    sessionsPerWeek: 0.31,
    route: 'independent',
    estimatedCost: 1234.5,
    ...overrides,
  };
}

export function exception(overrides: Partial<ExceptionRecord> = {}): ExceptionRecord {
  return { file: 'contacts', line: 7, bucket: 'invalid-row', field: 'minutes', value: '-5', reason: 'minutes is negative', childId: '000123', ...overrides };
}

/**
 * A result of these records. `childYears` may be any list, such as one that counts its reads; the
 * summary is computed from it first, as a run does.
 */
export function resultOf(records: {
  childYears: readonly ChildYear[];
  worklist?: readonly WorklistRow[];
  exceptions?: readonly ExceptionRecord[];
  asOf?: string;
}): ReconciliationResult {
  const childYears = records.childYears;
  const accounting = { plans: { rowsRead: 0, buckets: {} }, contacts: { rowsRead: 0, buckets: {} } };
  const headlines = computeHeadlines(childYears);
  return {
    schemaVersion: 1,
    year: '2025/26',
    asOf: records.asOf ?? '2026-03-31',
    options: { year: '2025/26', asOf: records.asOf ?? '2026-03-31', discipline: null, tolerance: 0, countIndirect: false, pseudonymise: false },
    headline: headlines.headline,
    headlineByDiscipline: headlines.byDiscipline,
    summary: computeSummary(childYears as ReconciliationResult['childYears'], accounting, {}, childYears[0]?.terms.map((term) => term.term) ?? []),
    childYears: childYears as ReconciliationResult['childYears'],
    worklist: records.worklist ?? [],
    worklistTotals: { deadline: '2026-08-31', weeksLeft: 13, totalCost: 1234.5, inHouseHours: null, capacityHours: null },
    accounting,
    exceptions: records.exceptions ?? [],
    pseudonymisation: null,
    warnings: [],
    inputs: {
      plans: { path: 'plans.csv', bytes: 0, sha256: '0'.repeat(64), encoding: 'utf-8', delimiter: ',' },
      contacts: { path: 'contacts.csv', bytes: 0, sha256: '0'.repeat(64), encoding: 'utf-8', delimiter: ',' },
      mapping: null,
      calendar: null,
      reading: { dateFormat: null, excelDates: false, ids: { plans: 'exact', contacts: 'exact' } },
    },
  };
}

export const ABOUT: WorkbookAbout = {
  madeBy: 'ehcp-recon 0.0.0-test',
  warnings: ['the contacts file has a header but no data rows: every child will show no contact'],
  inputs: [
    { name: 'plans', path: '/data/Zoë & co/plans.csv', bytes: 18_100_622, sha256: 'a'.repeat(64) },
    { name: 'contacts', path: '/data/contacts.csv', bytes: 403_561_878, sha256: 'b'.repeat(64) },
  ],
};

/** The whole workbook, its pieces joined. */
export function bytesOf(pieces: Iterable<Uint8Array>): Buffer {
  return Buffer.concat([...pieces]);
}
