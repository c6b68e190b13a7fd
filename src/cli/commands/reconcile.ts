// `ehcp-recon reconcile`: the main job. Options → engine → reporters → files written atomically.
import { resolve } from 'node:path';
import { reconcile } from '../../engine/reconcile.js';
import { UsageError } from '../../errors.js';
import { openOutputFolder, type OutputFile, type OutputFolder } from '../../io/atomicFiles.js';
import { MANIFEST_NAME, SUMMARY_NAME } from '../../io/folderEntries.js';
import { hasWorkbookInput, type ReconciliationResult } from '../../result/reconciliationResult.js';
import { exceptionsCsv, reconciliationCsv, shortfallCsv, worklistCsv } from '../../report/csvOutputs.js';
import { renderHtmlReport } from '../../report/html.js';
import { shortfallWorkbook, WORKBOOK_FILE_NAME, type WorkbookAbout } from '../../report/workbook/shortfallWorkbook.js';
import { resultJson } from '../../report/json.js';
import { buildManifest, type ManifestOutput } from '../../report/manifest.js';
import { reporterFor, type Format } from '../../report/reporters.js';
import { SPLIT_FILE_NAMES, SPLIT_FOLDERS, splitFolderOf, splitOutputs } from '../../report/split/splitOutputs.js';
import { accountingLines } from '../../report/table.js';
import { outputWidth, wantsColor, writeText } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import type { OptionValues } from '../options.js';
import { outputFolderOptions, readInputs, stopAtLimits, writeWarnings, type Invocation } from '../runInputs.js';
import { VERSION } from '../version.js';

/** What the workbook's About sheet says of the run: the tool and the inputs it read. */
function workbookAbout(result: ReconciliationResult): WorkbookAbout {
  const { plans, contacts, mapping, calendar } = result.inputs;
  const inputs = [
    { name: 'plans', ...plans },
    { name: 'contacts', ...contacts },
    ...(mapping === null ? [] : [{ name: 'mapping', ...mapping }]),
    ...(calendar === null ? [] : [{ name: 'calendar', ...calendar }]),
  ].map(({ name, path, bytes, sha256 }) => ({ name, path, bytes, sha256 }));
  return { madeBy: `ehcp-recon ${VERSION}`, warnings: result.warnings.map((warning) => warning.message), inputs };
}

/** The files of --out; the large ones are made a piece at a time as they are written, never held whole. */
export function outputFiles(result: ReconciliationResult, bom: boolean): OutputFile[] {
  return [
    { name: 'reconciliation.csv', content: reconciliationCsv(result, bom) },
    { name: 'shortfall.csv', content: shortfallCsv(result, bom) },
    { name: 'worklist.csv', content: worklistCsv(result, bom) },
    { name: 'exceptions.csv', content: exceptionsCsv(result.exceptions, bom, hasWorkbookInput(result.inputs)) },
    { name: SUMMARY_NAME, content: resultJson(result) },
    { name: 'report.html', content: renderHtmlReport(result) },
    { name: WORKBOOK_FILE_NAME, content: shortfallWorkbook(result, workbookAbout(result)) },
  ];
}

/**
 * Reads the inputs and builds the result. A function of its own so that nothing of the run outlives
 * it but the result: the outputs are written with the inputs' memory already given back.
 */
async function readResult(values: OptionValues, invocation: Invocation): Promise<ReconciliationResult> {
  return await readInputs(values, invocation.context, reconcile);
}

/**
 * Writes the files of --out, manifest.json last with the size and SHA-256 of each
 * (docs/output-folders.md), and under --split-by a folder for each group. Every run owns the split
 * folders: what an earlier run wrote there and this one does not (a group gone, another field, no
 * split at all) is removed, so that every file in the folder is this run's.
 */
async function writeOutFolder(folder: OutputFolder, result: ReconciliationResult, values: OptionValues, invocation: Invocation): Promise<void> {
  const bom = values.bom !== false;
  const files = outputFiles(result, bom);
  const split = values.splitBy === undefined ? undefined : splitOutputs(result, values.splitBy, { bom, about: workbookAbout(result) });
  const manifest = (outputs: readonly ManifestOutput[]) =>
    `${JSON.stringify(buildManifest({ version: VERSION, command: 'reconcile', result, outputs }), null, 2)}\n`;
  await folder.write([...files, ...(split?.files ?? [])], { manifest, ownedFolders: { folders: SPLIT_FOLDERS, fileNames: SPLIT_FILE_NAMES } });
  if (values.quiet === true) return;
  const groups =
    split === undefined || values.splitBy === undefined
      ? ''
      : `, and one folder per ${values.splitBy} in ${splitFolderOf(values.splitBy)}/ (${split.groupCount}, listed in its index.csv)`;
  await writeText(invocation.context.stderr, `Wrote ${[...files.map((file) => file.name), MANIFEST_NAME].join(', ')} to ${values.out}${groups}\n`);
}

export async function reconcileCommand(values: OptionValues, invocation: Invocation): Promise<ExitStatus> {
  const { context } = invocation;
  const isQuiet = values.quiet === true;
  const format = (values.format ?? 'table') as Format;
  const render = reporterFor(format, 'reconciliation');
  const color = wantsColor(context.stdout, context.env, invocation.colorFlag);
  if (values.splitBy !== undefined && values.out === undefined)
    throw new UsageError('--split-by writes a folder for each group under --out: give --out DIR as well');
  // Taken before the read: a second run into the same folder is refused at once, not after a long read.
  const folder =
    values.out === undefined ? undefined : await openOutputFolder(resolve(context.cwd, values.out), outputFolderOptions(values, invocation, 'reconcile'));
  let result: ReconciliationResult;
  try {
    result = await readResult(values, invocation);
    // Under --strict or --fail-on-warning the run stops before any output is written.
    await stopAtLimits(values, context, result);
    if (folder !== undefined) await writeOutFolder(folder, result, values, invocation);
  } finally {
    folder?.release();
  }
  // A scheduled job (--out and --quiet) leaves standard output empty, so that cron has nothing to
  // mail; json, csv or md are never the default, so asking for one still prints it (docs/operations.md#the-cron-line).
  const isSilent = values.out !== undefined && isQuiet && format === 'table';
  if (!isSilent) {
    for (const chunk of render(result, { color, width: outputWidth(context) })) await writeText(context.stdout, chunk);
  }
  if (format !== 'table' && !isQuiet) await writeText(context.stderr, `${accountingLines(result.accounting).join('\n')}\n`);
  // Last, so that on a terminal they are what the eye lands on after the table.
  await writeWarnings(values, context, result.warnings);

  if (values.failOnShortfall === true && result.worklist.length > 0) {
    await writeText(
      context.stderr,
      `${result.worklist.length} child-year${result.worklist.length === 1 ? ' is' : 's are'} short of the provision their plans require (exit 4 because --fail-on-shortfall is set).\n`,
    );
    return EXIT.shortfall;
  }
  return EXIT.done;
}
