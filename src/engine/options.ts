// The options of a run, as a script or the command line gives them: plain values (dates as
// YYYY-MM-DD, years as 2024/25, numbers), the same as a config file holds. They are checked and
// turned into the typed settings the rules use here, once, at the engine's door.
import { firstDayOfYear, lastDayOfYear, yearStartOf } from '../calendar/academicYear.js';
import { dayFromDate, formatDay, parseIsoDay, type Day } from '../calendar/day.js';
import { UsageError } from '../errors.js';
import { parseDecimal, type Rational } from '../exact/rational.js';
import { ENCODINGS, type Encoding } from '../io/csvTypes.js';
import { readAcademicYear } from '../schema/values/academicYear.js';
import { createDateReader } from '../schema/values/dates.js';
import { parseChildIdRule, type ChildIdRule } from '../schema/values/childIdRules.js';
import { isInvalid } from '../schema/values/invalid.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';
import { isPresetName, PRESETS, type PresetName } from './presets.js';

/** How the inputs' text and values are read. */
export interface ReadingOptions {
  /** Input encoding when a file has no byte-order mark (default UTF-8). */
  readonly encoding?: Encoding | undefined;
  /** `,`, `;` or a tab (default: detected from the header line). */
  readonly delimiter?: string | undefined;
  /** date-fns tokens for input dates, e.g. dd/MM/yyyy (default: detected). */
  readonly dateFormat?: string | undefined;
  /** Plain numbers in date columns are Excel serial days. */
  readonly excelDates?: boolean | undefined;
  /** 1, or 2 to read a large contacts file on a thread of its own (default: by size and cores). */
  readonly threads?: 1 | 2 | undefined;
  /** The sheet to read from an input that is a workbook (default: its first visible sheet). */
  readonly sheet?: string | undefined;
}

/** The recovery plan: by when, with how much in-house capacity, at what independent rate. */
export interface RecoveryPlanOptions {
  /** The deadline, YYYY-MM-DD (default: the end of the next term). */
  readonly recoverBy?: string | undefined;
  /** In-house capacity, hours per week. */
  readonly capacity?: number | string | undefined;
  /** Cost of independent provision, £ per hour. */
  readonly rate?: number | string | undefined;
}

/** The options of a reconciliation. Every one may be left out. */
export interface ReconcileOptions {
  /** The academic year, e.g. "2024/25" (default: the year holding asOf). */
  readonly year?: string | undefined;
  /** Reconcile up to this day, YYYY-MM-DD (default: today, or the last day of a year that has ended). */
  readonly asOf?: string | undefined;
  /** Today's date, YYYY-MM-DD (default: the clock); decides the defaults of year and asOf. */
  readonly today?: string | undefined;
  /** Only this discipline (default: each discipline, separately). */
  readonly discipline?: Discipline | undefined;
  /** Shortfall minutes at or under this count as met (default 0). */
  readonly tolerance?: number | undefined;
  /** Count indirect contacts (reports, liaison) as delivered. */
  readonly countIndirect?: boolean | undefined;
  /**
   * How child IDs are compared, for both files: exact (the default), nhs-number, trim-zeros,
   * case-insensitive or digits (docs/operations.md#identifier-rules). Wins over a mapping's rule.
   */
  readonly ids?: string | undefined;
  readonly reading?: ReadingOptions | undefined;
  readonly recovery?: RecoveryPlanOptions | undefined;
  /** Replace every child ID in the result with a keyed pseudonym; the key is at least 16 characters. */
  readonly pseudonymise?: { readonly key: string } | undefined;
  /** Read the contacts as a known system's export (docs/exports.md): a mapping file that ships with the tool, under the run's own. */
  readonly preset?: PresetName | undefined;
}

/** The options checked and typed, with the defaults that depend on nothing read. */
export interface ResolvedOptions {
  /** The run's academic year (its start year) and as-of day, defaults applied. */
  readonly yearStart: number;
  readonly asOf: Day;
  readonly discipline: Discipline | null;
  readonly tolerance: number;
  readonly countIndirect: boolean;
  /** The identifier rule of both files when given (undefined: each file's mapping rule, else exact). */
  readonly ids: ChildIdRule | undefined;
  /** Whether as-of was left to default to today's date (a run-health warning: docs/operations.md#when-the-numbers-look-wrong). */
  readonly asOfFromClock: boolean;
  /** Today's date, as given or from the clock. */
  readonly today: Day;
  readonly reading: {
    readonly encoding: Encoding | undefined;
    readonly delimiter: string | undefined;
    readonly dateFormat: string | undefined;
    readonly excelDates: boolean;
    readonly threads: 1 | 2 | undefined;
    readonly sheet: string | undefined;
  };
  readonly recovery: { readonly recoverBy: Day | undefined; readonly capacity: Rational | undefined; readonly rate: Rational | undefined };
  readonly pseudonymiseKey: string | undefined;
  readonly preset: PresetName | undefined;
}

/** A pseudonymisation key shorter than this would not keep pseudonyms secret. */
export const MIN_KEY_CHARS = 16;

function refuse(option: string, value: unknown, expected: string): never {
  throw new UsageError(`option ${option} ${JSON.stringify(value)} does not read: ${expected}`);
}

function clockToday(): Day {
  const now = new Date();
  return dayFromDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Checks every option and types it; a value that does not read is a UsageError naming the option. */
export function resolveOptions(options: ReconcileOptions = {}): ResolvedOptions {
  const reading = options.reading ?? {};
  const recovery = options.recovery ?? {};
  // Each value is read first, then checked: the readers are the ones the inputs' values go through.
  const year = options.year === undefined ? undefined : readAcademicYear(options.year);
  const asOf = options.asOf === undefined ? undefined : parseIsoDay(options.asOf);
  const today = options.today === undefined ? clockToday() : parseIsoDay(options.today);
  const recoverBy = recovery.recoverBy === undefined ? undefined : parseIsoDay(recovery.recoverBy);
  const capacity = recovery.capacity === undefined ? undefined : parseDecimal(String(recovery.capacity));
  const rate = recovery.rate === undefined ? undefined : parseDecimal(String(recovery.rate));
  const dateFormat = reading.dateFormat?.trim() === '' ? undefined : reading.dateFormat;
  const dateFormatProblem = dateFormat === undefined ? undefined : problemOfDateFormat(dateFormat);
  const ids = options.ids === undefined ? undefined : parseChildIdRule(options.ids);

  if (isInvalid(year)) refuse('year', options.year, year.invalid);
  const discipline = options.discipline ?? null;
  if (discipline !== null && !(DISCIPLINES as readonly string[]).includes(discipline))
    refuse('discipline', discipline, `expected one of ${DISCIPLINES.join(', ')}`);
  const tolerance = options.tolerance ?? 0;
  if (!Number.isSafeInteger(tolerance) || tolerance < 0) refuse('tolerance', tolerance, 'expected a whole number of minutes, 0 or more');
  if (isInvalid(ids)) refuse('ids', options.ids, ids.invalid);
  if (reading.encoding !== undefined && !ENCODINGS.includes(reading.encoding)) refuse('encoding', reading.encoding, `expected one of ${ENCODINGS.join(', ')}`);
  if (reading.delimiter !== undefined && ![',', ';', '\t'].includes(reading.delimiter))
    refuse('delimiter', reading.delimiter, 'expected a comma, a semicolon or a tab');
  if (reading.threads !== undefined && reading.threads !== 1 && reading.threads !== 2) refuse('threads', reading.threads, 'expected 1 or 2');
  if (options.preset !== undefined && !isPresetName(options.preset)) refuse('preset', options.preset, `expected one of ${PRESETS.join(', ')}`);
  if (dateFormatProblem !== undefined) throw new UsageError(`option dateFormat: ${dateFormatProblem}`);
  const expectedDay = 'expected a date as YYYY-MM-DD, such as 2025-03-31';
  if (options.asOf !== undefined && asOf === undefined) refuse('asOf', options.asOf, expectedDay);
  if (today === undefined) refuse('today', options.today, expectedDay);
  if (recovery.recoverBy !== undefined && recoverBy === undefined) refuse('recoverBy', recovery.recoverBy, expectedDay);
  const expectedPositive = 'expected a positive number such as 20 or 72.50';
  if (recovery.capacity !== undefined && (capacity === undefined || capacity.num <= 0n)) refuse('capacity', recovery.capacity, expectedPositive);
  if (recovery.rate !== undefined && (rate === undefined || rate.num <= 0n)) refuse('rate', recovery.rate, expectedPositive);
  const key = options.pseudonymise?.key;
  if (key !== undefined && key.length < MIN_KEY_CHARS) {
    throw new UsageError(`the pseudonymisation key is too short to keep pseudonyms secret: use at least ${MIN_KEY_CHARS} characters`);
  }
  const period = resolvePeriod(year, asOf, today);
  const yearBegins = firstDayOfYear(period.yearStart);
  if (period.asOf < yearBegins) {
    // Without --as-of, the as-of date is today's, and that is what the user must be told to change.
    const shown =
      asOf === undefined ? `today's date, ${formatDay(period.asOf)}, the as-of date when --as-of is not given,` : `--as-of ${formatDay(period.asOf)}`;
    throw new UsageError(`${shown} is before the year ${year === undefined ? '' : 'named by --year '}begins (${formatDay(yearBegins)})`);
  }
  if (recoverBy !== undefined && recoverBy <= period.asOf) {
    throw new UsageError(`--recover-by ${formatDay(recoverBy)} is not after the as-of date ${formatDay(period.asOf)}: the deadline must lie ahead`);
  }
  return {
    yearStart: period.yearStart,
    asOf: period.asOf,
    discipline,
    tolerance,
    countIndirect: options.countIndirect === true,
    ids,
    asOfFromClock: asOf === undefined && period.asOf === today,
    today,
    reading: {
      encoding: reading.encoding,
      delimiter: reading.delimiter,
      dateFormat,
      excelDates: reading.excelDates === true,
      threads: reading.threads,
      sheet: reading.sheet,
    },
    recovery: { recoverBy, capacity, rate },
    pseudonymiseKey: key,
    preset: options.preset,
  };
}

/** Why a date format given as an option does not read, or undefined when it does. */
function problemOfDateFormat(dateFormat: string): string | undefined {
  try {
    createDateReader({ dateFormat });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The year and the as-of day of a run: the year defaults to the one holding as-of; as-of defaults to
 * today, or to the last day of a year that has ended. See docs/rules.md#academic-years-and-as-of.
 */
function resolvePeriod(yearStart: number | undefined, asOf: Day | undefined, today: Day): { yearStart: number; asOf: Day } {
  if (yearStart === undefined) {
    const day = asOf ?? today;
    return { yearStart: yearStartOf(day), asOf: day };
  }
  if (asOf !== undefined) return { yearStart, asOf };
  const last = lastDayOfYear(yearStart);
  return { yearStart, asOf: today > last ? last : today };
}
