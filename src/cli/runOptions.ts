// Turns command-line strings into typed run options. Parsers throw UsageError (exit 2) with a sentence
// naming the option and what it expects.
import { InvalidArgumentError } from 'commander';
import { readAcademicYear } from '../schema/values/academicYear.js';
import { isInvalid } from '../schema/values/invalid.js';
import { parseIsoDay, type Day } from '../calendar/day.js';
import { parseDecimal, type Rational } from '../exact/rational.js';
import type { Encoding } from '../io/csvReader.js';
import { DISCIPLINES, type Discipline } from '../schema/vocabulary.js';

export const FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const satisfies readonly Encoding[];

/** The options shared by reconcile, validate and explain, as typed values. */
export interface RunRequest {
  /** The --config file the options came from (an absolute path), if any: an input, never to be replaced. */
  readonly configFile: string | undefined;
  readonly plans: string;
  readonly contacts: string;
  readonly year: number | undefined;
  readonly asOf: Day | undefined;
  readonly calendar: string | undefined;
  readonly mapping: string | undefined;
  readonly discipline: Discipline | undefined;
  readonly tolerance: number;
  readonly countIndirect: boolean;
  readonly encoding: Encoding | undefined;
  readonly delimiter: string | undefined;
  readonly dateFormat: string | undefined;
  readonly excelDates: boolean;
  readonly strict: boolean;
  readonly maxErrors: number | undefined;
  readonly quiet: boolean;
  readonly pseudonymise: boolean;
  /** 1: read the contacts on one thread; 2: on a thread of their own where it can be; undefined: by file size and cores. */
  readonly threads: 1 | 2 | undefined;
}

export interface ReconcileRequest extends RunRequest {
  readonly format: Format;
  readonly out: string | undefined;
  readonly bom: boolean;
  readonly failOnShortfall: boolean;
  readonly recoverBy: Day | undefined;
  readonly capacity: Rational | undefined;
  readonly rate: Rational | undefined;
}

export function parseYearOption(text: string): number {
  const year = readAcademicYear(text);
  if (isInvalid(year)) throw new InvalidArgumentError(`${year.invalid}.`);
  return year;
}

export function parseDayOption(text: string): Day {
  const day = parseIsoDay(text);
  if (day === undefined) throw new InvalidArgumentError('expected a date as YYYY-MM-DD, such as 2025-03-31.');
  return day;
}

export function parseWholeNumber(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return Number(text);
}

export function parsePositiveDecimal(text: string): Rational {
  const value = parseDecimal(text);
  if (value === undefined || value.num <= 0n) throw new InvalidArgumentError('expected a positive number such as 20 or 72.50.');
  return value;
}

export function parseDelimiter(text: string): string {
  const named: Record<string, string> = { comma: ',', ',': ',', semicolon: ';', ';': ';', tab: '\t', '\\t': '\t', '\t': '\t' };
  const delimiter = named[text.toLowerCase()];
  if (delimiter === undefined) throw new InvalidArgumentError('expected comma, semicolon or tab.');
  return delimiter;
}

export function parseDisciplineOption(text: string): Discipline {
  const upper = text.toUpperCase();
  if (upper === 'SALT') return 'SLT';
  if (!(DISCIPLINES as readonly string[]).includes(upper)) throw new InvalidArgumentError(`expected one of ${DISCIPLINES.join(', ')}.`);
  return upper as Discipline;
}
