// `ehcp-recon reconcile`: the main job.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDay } from '../../calendar/day.js';
import { ExceptionLimitError, UsageError } from '../../errors.js';
import { toNumber } from '../../exact/rational.js';
import { writeFilesAtomically, type OutputFile } from '../../io/atomicFiles.js';
import { inChunks } from '../../report/chunks.js';
import { exceptionsCsv, reconciliationCsv, shortfallCsv, worklistCsv } from '../../report/csvOutputs.js';
import { renderHtmlReport } from '../../report/html.js';
import { resultJson } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { assembleResult, type ReconciliationResult, type RunOptionsRecord } from '../../report/result.js';
import { accountingLines, renderTable } from '../../report/table.js';
import { shortfallWorkbook, WORKBOOK_FILE_NAME, type WorkbookAbout } from '../../report/workbook/shortfallWorkbook.js';
import { formatYear } from '../../calendar/academicYear.js';
import { todayOf, wantsColor, warnOn, writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import { releaseGarbage } from '../memory.js';
import { loadRun } from '../reconciliation.js';
import { createReadProgress, type ProgressInput, type ReadProgress } from '../progress.js';
import { pseudonymisationFromEnv } from '../pseudonyms.js';
import { VERSION } from '../version.js';
import { buildManifest } from '../../report/manifest.js';
import { pseudonymiseResult } from '../../report/pseudonymise.js';
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
    pseudonymise: request.pseudonymise,
  };
}

/** What goes to standard output, as pieces written in turn. */
export function renderResult(result: ReconciliationResult, format: Format, color: boolean): Iterable<string> {
  switch (format) {
    case 'json':
      return inChunks(resultJson(result));
    case 'csv':
      return inChunks(reconciliationCsv(result, false));
    case 'md':
      return [renderMarkdown(result)];
    case 'table':
      return [renderTable(result, { color })];
  }
}

/**
 * The files of --out; the large ones are made a line at a time as they are written, not held whole.
 * The workbook is made whole here, compressed, until the atomic writer takes its pieces as they come.
 */
export function outputFiles(result: ReconciliationResult, bom: boolean, about: WorkbookAbout): OutputFile[] {
  return [
    { name: 'reconciliation.csv', content: reconciliationCsv(result, bom) },
    { name: 'shortfall.csv', content: shortfallCsv(result, bom) },
    { name: 'worklist.csv', content: worklistCsv(result, bom) },
    { name: 'exceptions.csv', content: exceptionsCsv(result.exceptions, bom) },
    { name: 'summary.json', content: resultJson(result) },
    { name: 'report.html', content: renderHtmlReport(result) },
    { name: WORKBOOK_FILE_NAME, content: Buffer.concat([...shortfallWorkbook(result, about)]) },
  ];
}

/** Progress of the two reads, each sized by its file when it is one. */
export async function readProgress(request: RunRequest, context: CliContext): Promise<ReadProgress> {
  const quiet = request.quiet || context.stderr.isTTY !== true;
  const input = async (path: string, name: string): Promise<ProgressInput> => ({
    label: `Reading ${path === '-' ? name : path}`,
    totalBytes: quiet || path === '-' ? undefined : await stat(resolve(context.cwd, path)).then((info) => info.size, () => undefined),
  });
  return createReadProgress(context.stderr, { plans: await input(request.plans, 'plans'), contacts: await input(request.contacts, 'contacts') }, { quiet });
}

export function inputPaths(request: RunRequest, cwd: string): string[] {
  return [request.plans, request.contacts, request.mapping, request.calendar, request.configFile]
    .filter((path): path is string => path !== undefined && path !== '-')
    .map((path) => resolve(cwd, path));
}

/**
 * Reads the inputs and builds the result. A function of its own so that nothing of the run outlives
 * it but the result and a description of the inputs: the outputs are written with the inputs' memory
 * already given back.
 */
async function readAndAssemble(request: ReconcileRequest, context: CliContext) {
  const progress = await readProgress(request, context);
  const warnings: string[] = [];
  const printWarning = warnOn(context, request.quiet);
  const warn = (message: string) => {
    warnings.push(message);
    printWarning(message);
  };
  const run = await loadRun(request, { stdin: context.stdin, cwd: context.cwd }, todayOf(context), { onProgress: progress.update, warn });
  progress.done();
  if (request.recoverBy !== undefined && request.recoverBy <= run.settings.asOf) {
    throw new UsageError(`--recover-by ${formatDay(request.recoverBy)} is not after the as-of date ${formatDay(run.settings.asOf)}: the deadline must lie ahead`);
  }
  // The contact-ID index and the read buffers are garbage once the inputs are read (see memory.ts).
  releaseGarbage(run.inputs.contacts.bytes);
  const assembled = assembleResult({
    settings: run.settings,
    options: optionsRecord(request, { year: run.settings.year.yearStart, asOf: run.settings.asOf }),
    book: run.book,
    totals: run.totals,
    recovery: { recoverBy: request.recoverBy, capacity: request.capacity, rate: request.rate },
  });
  const sources = {
    plans: { ...run.inputs.plans, encoding: run.plansRead.encoding, delimiter: run.plansRead.delimiter },
    contacts: { ...run.inputs.contacts, encoding: run.contactsRead.encoding, delimiter: run.contactsRead.delimiter },
    mapping: run.inputs.mapping,
    calendar: run.inputs.calendar,
  };
  return { assembled, sources, warnings };
}

export async function reconcileCommand(request: ReconcileRequest, context: CliContext, colorFlag: boolean): Promise<ExitStatus> {
  // Before any reading: a missing key is a usage error, and must not cost a long read first.
  const pseudonymisation = request.pseudonymise ? pseudonymisationFromEnv(context.env) : null;
  const { assembled, sources, warnings } = await readAndAssemble(request, context);
  // What the result was built from and does not keep is garbage now (see memory.ts).
  releaseGarbage(sources.contacts.bytes);
  const result = pseudonymisation === null ? assembled : pseudonymiseResult(assembled, pseudonymisation.pseudonymOf, pseudonymisation.keyFingerprint);
  checkExceptionLimits(request, result.exceptions);

  if (request.out !== undefined) {
    const dir = resolve(context.cwd, request.out);
    const inputs = Object.entries({ plans: sources.plans, contacts: sources.contacts, mapping: sources.mapping, calendar: sources.calendar }).flatMap(([name, file]) =>
      file === null ? [] : [{ name, path: file.path, bytes: file.bytes, sha256: file.sha256 }],
    );
    const files = outputFiles(result, request.bom, { madeBy: `ehcp-recon ${VERSION}`, warnings, inputs });
    const manifest = buildManifest({
      version: VERSION,
      command: 'reconcile',
      result,
      reading: { dateFormat: request.dateFormat ?? null, excelDates: request.excelDates },
      ...sources,
      outputs: [...files.map((file) => file.name), 'manifest.json'],
    });
    files.push({ name: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` });
    await writeFilesAtomically(dir, files, { protectedPaths: inputPaths(request, context.cwd) });
    if (!request.quiet) await writeText(context.stderr, `Wrote ${files.map((file) => file.name).join(', ')} to ${request.out}\n`);
  }
  for (const chunk of renderResult(result, request.format, wantsColor(context.stdout, context.env, colorFlag))) await writeText(context.stdout, chunk);
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
