// Shared by the corpus and the property tests: run one case (in-process or through the built binary)
// and check what must hold for every run, whatever the input: the exit status is one of those the
// rules allow, a failure is one sentence and no stack, nothing lost between rows and buckets, and no
// output cell or Markdown line that a spreadsheet or a browser would run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { excelSafeCell } from '../../src/io/csvWriter.js';
import { runCli } from '../e2e/cli.js';
import { runInProcess } from '../e2e/inProcess.js';

export const YEAR_ARGS = ['--year', '2024/25', '--as-of', '2025-08-31'] as const;

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Runner = (argv: readonly string[]) => Promise<Run>;

export const inProcess: Runner = (argv) => runInProcess(argv);

export const realBinary: Runner = async (argv) => {
  const run = runCli(argv);
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
};

export interface FileAccounting {
  readonly rowsRead: number;
  readonly buckets: Readonly<Record<string, number>>;
}

export interface ExceptionJson {
  readonly file: string;
  readonly line: number;
  readonly bucket: string;
  readonly field: string;
  readonly value: string;
  readonly reason: string;
  readonly childId: string | null;
}

export interface ChildYearJson {
  readonly childId: string;
  readonly discipline: string;
  readonly [key: string]: unknown;
}

export interface ResultJson {
  readonly accounting: { readonly plans: FileAccounting; readonly contacts: FileAccounting };
  readonly exceptions: readonly ExceptionJson[];
  readonly childYears: readonly ChildYearJson[];
  readonly worklist: readonly Record<string, unknown>[];
}

const EXCEPTION_BUCKETS = ['invalid-row', 'duplicate', 'end-before-start', 'unknown-child', 'outside-plan-period'];

export function sumOf(buckets: Readonly<Record<string, number>>): number {
  return Object.values(buckets).reduce((total, count) => total + count, 0);
}

/** A non-zero exit: one sentence on standard error, no stack trace, nothing half-written on standard output. */
export function expectCleanFailure(run: Run, what: string): void {
  expect([2, 3], `${what}: exit status (stderr: ${run.stderr})`).toContain(run.status);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect(lines, `${what}: one line on standard error`).toHaveLength(1);
  expect(lines[0], what).toMatch(/^ehcp-recon: \S/);
  expect(run.stderr, what).not.toMatch(/\n\s+at |internal error|this is a bug/);
  expect(run.stdout, what).toBe('');
}

/** Rows read = the sum of the buckets for each file, and the exceptions are exactly the exception buckets. */
export function expectAccountedFor(result: ResultJson, what: string): void {
  let exceptions = 0;
  for (const file of ['plans', 'contacts'] as const) {
    const { rowsRead, buckets } = result.accounting[file];
    expect(sumOf(buckets), `${what}: ${file} rows read = sum of buckets`).toBe(rowsRead);
    for (const bucket of EXCEPTION_BUCKETS) exceptions += buckets[bucket] ?? 0;
  }
  expect(result.exceptions, `${what}: one exception record per exception row`).toHaveLength(exceptions);
  // A runaway cell is shown cut short (a whole provision text, up to 2,000 characters, is not).
  for (const exception of result.exceptions) expect(exception.value.length, `${what}: exception value length`).toBeLessThanOrEqual(2_100);
}

/**
 * Nothing counted is lost between the rows and the child-years: every counted contact is a session
 * of some child-year, each child-year's minutes are its terms' plus its recovery minutes (a contact
 * between terms shows under a term, README), and the worklist holds exactly the children short.
 */
export function expectChildYearsAddUp(result: ResultJson, what: string): void {
  let sessions = 0;
  for (const childYear of result.childYears) {
    const terms = childYear['terms'] as readonly { deliveredMinutes: number }[];
    const inTerms = terms.reduce((total, term) => total + term.deliveredMinutes, 0);
    expect(inTerms + (childYear['recoveryMinutes'] as number), `${what}: ${childYear.childId} ${childYear.discipline} terms + recovery = delivered`).toBe(
      childYear['deliveredMinutes'],
    );
    sessions += childYear['sessionsDelivered'] as number;
  }
  expect(sessions, `${what}: counted contacts = sessions delivered`).toBe(result.accounting.contacts.buckets['counted'] ?? 0);
  const short = result.childYears.filter((childYear) => childYear['status'] === 'shortfall' || childYear['status'] === 'no-contact');
  expect(result.worklist, `${what}: the worklist holds every child short`).toHaveLength(short.length);
}

export function readCsvRecords(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

/**
 * Every cell of every CSV file in `dir` is Excel-safe (README.md#outputs): no text cell starts with a character
 * that makes a spreadsheet run it. A cell that the writer defused starts with "'" and stays as it is.
 */
export function expectExcelSafeFolder(dir: string, what: string): Map<string, string[][]> {
  const files = new Map<string, string[][]>();
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.csv'))) {
    const bytes = readFileSync(join(dir, name));
    expect([...bytes.subarray(0, 3)], `${what}: ${name} starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
    const records = readCsvRecords(bytes.toString('utf8'));
    for (const record of records) {
      for (const cell of record) expect(excelSafeCell(cell), `${what}: ${name} cell ${JSON.stringify(cell)}`).toBe(cell);
    }
    files.set(name, records);
  }
  return files;
}

/** Markdown output shows text as text: no raw HTML tag can open anywhere in it. */
export function expectInertMarkdown(markdown: string, what: string): void {
  expect(markdown, `${what}: Markdown has no raw "<"`).not.toContain('<');
}

export function outputArgs(plans: string, contacts: string, extra: readonly string[]): string[] {
  return ['reconcile', '--plans', plans, '--contacts', contacts, ...YEAR_ARGS, ...extra];
}
