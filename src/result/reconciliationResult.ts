// The whole result of a run: the one object every reporter renders. Its JSON form (summary.json,
// --format json) is a stable interface for scripts: see docs/outputs.md#summaryjson.
import { formatYear } from '../calendar/academicYear.js';
import { formatDay } from '../calendar/day.js';
import { toNumber } from '../exact/rational.js';
import type { Accounting } from '../reconcile/accounting.js';
import { computeChildYears, type ChildYearList } from '../reconcile/childYear.js';
import type { ContactTotals } from '../reconcile/contactLedger.js';
import type { ExceptionList } from '../reconcile/exceptionSink.js';
import type { PlanBook } from '../reconcile/planBook.js';
import type { RunSettings } from '../reconcile/settings.js';
import { buildWorklist, type RecoveryOptions, type Worklist, type WorklistRow } from '../recovery/worklist.js';
import type { ChildIdRule } from '../schema/values/childIdRules.js';
import type { HealthWarning } from './health.js';
import { computeHeadlines, computeSummary, type Headline, type Summary } from './summary.js';

export const SCHEMA_VERSION = 1;

/** The options of the run as scripts see them in the JSON (only what shapes the numbers). */
export type RunOptionsRecord = Readonly<Record<string, string | number | boolean | null>>;

/** A file read: where, how large, and its SHA-256. */
export interface InputRecord {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** A table read: the file, and how its text was read ("xlsx" and the sheet for a workbook). */
export interface TableInputRecord extends InputRecord {
  readonly encoding: string;
  readonly delimiter: string;
  readonly sheet?: string;
}

/** Whether either input was read from a workbook: its exceptions then name their cells. */
export function hasWorkbookInput(inputs: RunInputs): boolean {
  return inputs.plans.sheet !== undefined || inputs.contacts.sheet !== undefined;
}

/** What a run read (for the manifest: a report can always be traced to its data). Not in the JSON. */
export interface RunInputs {
  readonly plans: TableInputRecord;
  readonly contacts: TableInputRecord;
  /** null when the run had none (or a mapping given as an object). */
  readonly mapping: InputRecord | null;
  readonly calendar: InputRecord | null;
  /** Options that change how values are read, and so the numbers; the preset only when the run used one. */
  readonly reading: {
    readonly dateFormat: string | null;
    readonly excelDates: boolean;
    /** The identifier rule each file's child IDs were read by (docs/operations.md#identifier-rules). */
    readonly ids: { readonly plans: ChildIdRule; readonly contacts: ChildIdRule };
    readonly preset?: { readonly name: string; readonly sha256: string };
  };
}

export interface ReconciliationResult {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly year: string;
  readonly asOf: string;
  readonly options: RunOptionsRecord;
  /** Over every child-year of the run (one per child when the run has one discipline). */
  readonly headline: Headline;
  /** The same figures for each discipline: a run reconciles each discipline on its own. */
  readonly headlineByDiscipline: Readonly<Record<string, Headline>>;
  readonly summary: Summary;
  readonly childYears: ChildYearList;
  readonly worklist: readonly WorklistRow[];
  readonly worklistTotals: Omit<Worklist, 'rows'>;
  readonly accounting: Accounting;
  /** Plans then contacts, each by line; iterate them (they may be read from disk as they come). */
  readonly exceptions: ExceptionList;
  /** null: child IDs are as in the inputs; otherwise they are keyed pseudonyms (--pseudonymise). */
  readonly pseudonymisation: { readonly keyFingerprint: string } | null;
  /** Run health: what in the data may make the headline wrong; none for clean data (docs/operations.md#when-the-numbers-look-wrong). */
  readonly warnings: readonly HealthWarning[];
  readonly inputs: RunInputs;
}

/** The options that shape the numbers, as the JSON records them (`options`). */
function optionsRecord(
  settings: RunSettings,
  recovery: Omit<RecoveryOptions, 'calendar' | 'asOf'>,
  run: { readonly calendarPath: string | null; readonly pseudonymised: boolean },
  reading: RunInputs['reading'],
): RunOptionsRecord {
  return {
    year: formatYear(settings.year.yearStart),
    asOf: formatDay(settings.asOf),
    discipline: settings.discipline,
    tolerance: settings.tolerance,
    countIndirect: settings.countIndirect,
    calendar: run.calendarPath,
    recoverBy: recovery.recoverBy === undefined ? null : formatDay(recovery.recoverBy),
    capacity: recovery.capacity === undefined ? null : toNumber(recovery.capacity),
    rate: recovery.rate === undefined ? null : toNumber(recovery.rate),
    pseudonymise: run.pseudonymised,
    // How values were read changes which rows join and count: a summary on its own says so.
    idsPlans: reading.ids.plans,
    idsContacts: reading.ids.contacts,
    preset: reading.preset?.name ?? null,
    dateFormat: reading.dateFormat,
    excelDates: reading.excelDates,
  };
}

export function assembleResult(input: {
  readonly settings: RunSettings;
  /** The calendar file as given (null: the default calendar), and whether IDs will be pseudonymised. */
  readonly run: { readonly calendarPath: string | null; readonly pseudonymised: boolean };
  readonly book: PlanBook;
  readonly totals: ContactTotals;
  /** The exceptions of both files, plans then contacts. */
  readonly exceptions: ExceptionList;
  readonly recovery: Omit<RecoveryOptions, 'calendar' | 'asOf'>;
  readonly inputs: RunInputs;
  readonly warnings: readonly HealthWarning[];
}): ReconciliationResult {
  const { settings, book, totals } = input;
  const childYears = computeChildYears(book, totals, settings);
  const accounting: Accounting = { plans: book.accounting, contacts: totals.accounting };
  const { rows, ...worklistTotals } = buildWorklist(childYears, { ...input.recovery, calendar: settings.calendar, asOf: settings.asOf });
  const headlines = computeHeadlines(childYears);
  return {
    schemaVersion: SCHEMA_VERSION,
    year: formatYear(settings.year.yearStart),
    asOf: formatDay(settings.asOf),
    options: optionsRecord(settings, input.recovery, input.run, input.inputs.reading),
    headline: headlines.headline,
    headlineByDiscipline: headlines.byDiscipline,
    summary: computeSummary(
      childYears,
      accounting,
      book.excludedLines,
      settings.year.terms.map((term) => term.name),
    ),
    childYears,
    worklist: rows,
    worklistTotals,
    accounting,
    exceptions: input.exceptions,
    pseudonymisation: null,
    warnings: input.warnings,
    inputs: input.inputs,
  };
}

/** What validate finds: every row's bucket, and the rows a person should look at. */
export interface ValidationResult {
  readonly accounting: Accounting;
  readonly exceptions: ExceptionList;
  readonly warnings: readonly HealthWarning[];
  readonly inputs: RunInputs;
}
