// `ehcp-recon reconcile`: the main job.
import { resolve } from 'node:path';
import { formatDay } from '../../calendar/day.js';
import { ExceptionLimitError, UsageError } from '../../errors.js';
import { toNumber } from '../../exact/rational.js';
import { writeFilesAtomically } from '../../io/atomicFiles.js';
import { exceptionsCsv, reconciliationCsv, shortfallCsv, worklistCsv } from '../../report/csvOutputs.js';
import { renderMarkdown } from '../../report/markdown.js';
import { assembleResult, type ReconciliationResult, type RunOptionsRecord } from '../../report/result.js';
import { accountingLines, renderTable } from '../../report/table.js';
import { formatYear } from '../../calendar/academicYear.js';
import { todayOf, wantsColor, writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import { loadRun } from '../reconciliation.js';
import type { Format, ReconcileRequest, RunRequest } from '../runOptions.js';
import type { ExceptionRecord } from '../../reconcile/accounting.js';

export function checkExceptionLimits(request: RunRequest, exceptions: readonly ExceptionRecord[]): void {
  const count = exceptions.length;
  if (request.strict && count > 0) {
    throw new ExceptionLimitError(
      `${count} exception row${count === 1 ? '' : 's'} found and --strict is set: run "ehcp-recon validate" with the same inputs to list them, fix the data, or drop --strict`,
    );
  }
  if (request.maxErrors !== undefined && count > request.maxErrors) {
    throw new ExceptionLimitError(
      `${count} exception rows found, more than --max-errors ${request.maxErrors}: run "ehcp-recon validate" with the same inputs to list them — is a column mapped wrongly?`,
    );
  }
}

/** The options that shape the numbers, as recorded in the JSON. */
function optionsRecord(request: ReconcileRequest, result: { year: number; asOf: number }): RunOptionsRecord {
  return {
    year: formatYear(result.year),
    asOf: formatDay(result.asOf),
    discipline: request.discipline ?? null,
    tolerance: request.tolerance,
    countIndirect: request.countIndirect,
    calendar: request.calendar ?? null,
    recoverBy: request.recoverBy === undefined ? null : formatDay(request.recoverBy),
    capacity: request.capacity === undefined ? null : toNumber(request.capacity),
    rate: request.rate === undefined ? null : toNumber(request.rate),
  };
}

export function renderResult(result: ReconciliationResult, format: Format, color: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'csv':
      return reconciliationCsv(result, false);
    case 'md':
      return renderMarkdown(result);
    case 'table':
      return renderTable(result, { color });
  }
}

export function outputFiles(result: ReconciliationResult, bom: boolean): { name: string; content: string }[] {
  return [
    { name: 'reconciliation.csv', content: reconciliationCsv(result, bom) },
    { name: 'shortfall.csv', content: shortfallCsv(result, bom) },
    { name: 'worklist.csv', content: worklistCsv(result, bom) },
    { name: 'exceptions.csv', content: exceptionsCsv(result.exceptions, bom) },
    { name: 'summary.json', content: `${JSON.stringify(result, null, 2)}\n` },
  ];
}

export function inputPaths(request: RunRequest, cwd: string): string[] {
  return [request.plans, request.contacts, request.mapping, request.calendar]
    .filter((path): path is string => path !== undefined && path !== '-')
    .map((path) => resolve(cwd, path));
}

export async function reconcileCommand(request: ReconcileRequest, context: CliContext, colorFlag: boolean): Promise<ExitStatus> {
  const run = await loadRun(request, { stdin: context.stdin, cwd: context.cwd }, todayOf(context));
  if (request.recoverBy !== undefined && request.recoverBy <= run.settings.asOf) {
    throw new UsageError(`--recover-by ${formatDay(request.recoverBy)} is not after the as-of date ${formatDay(run.settings.asOf)}: the deadline must lie ahead`);
  }
  const result = assembleResult({
    settings: run.settings,
    options: optionsRecord(request, { year: run.settings.year.yearStart, asOf: run.settings.asOf }),
    book: run.book,
    totals: run.totals,
    recovery: { recoverBy: request.recoverBy, capacity: request.capacity, rate: request.rate },
  });
  checkExceptionLimits(request, result.exceptions);

  if (request.out !== undefined) {
    const dir = resolve(context.cwd, request.out);
    await writeFilesAtomically(dir, outputFiles(result, request.bom), { protectedPaths: inputPaths(request, context.cwd) });
    if (!request.quiet) await writeText(context.stderr, `Wrote reconciliation.csv, shortfall.csv, worklist.csv, exceptions.csv and summary.json to ${request.out}\n`);
  }
  await writeText(context.stdout, renderResult(result, request.format, wantsColor(context.stdout, context.env, colorFlag)));
  if (request.format !== 'table' && !request.quiet) await writeText(context.stderr, `${accountingLines(result).join('\n')}\n`);

  if (request.failOnShortfall && result.worklist.length > 0) {
    await writeText(
      context.stderr,
      `${result.worklist.length} child-year${result.worklist.length === 1 ? ' is' : 's are'} short of the provision their plans require (exit 4 because --fail-on-shortfall is set).\n`,
    );
    return EXIT.shortfall;
  }
  return EXIT.done;
}
