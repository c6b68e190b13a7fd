// `ehcp-recon reconcile`: the main job. Options → engine → reporters → files written atomically.
import { resolve } from 'node:path';
import { reconcile } from '../../engine/reconcile.js';
import { writeFilesAtomically, type OutputFile } from '../../io/atomicFiles.js';
import type { ReconciliationResult } from '../../result/reconciliationResult.js';
import { exceptionsCsv, reconciliationCsv, shortfallCsv, worklistCsv } from '../../report/csvOutputs.js';
import { renderHtmlReport } from '../../report/html.js';
import { resultJson } from '../../report/json.js';
import { buildManifest } from '../../report/manifest.js';
import { reporterFor, type Format } from '../../report/reporters.js';
import { accountingLines } from '../../report/table.js';
import { wantsColor, writeText } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import type { OptionValues } from '../options.js';
import { checkExceptionLimits, checkWarningLimits, inputSourcesOf, writeWarnings, protectedPaths, runObserver, runOptionsOf, type Invocation } from '../runInputs.js';
import { VERSION } from '../version.js';

/** The files of --out; the large ones are made a line at a time as they are written, not held whole. */
export function outputFiles(result: ReconciliationResult, bom: boolean): OutputFile[] {
  return [
    { name: 'reconciliation.csv', content: reconciliationCsv(result, bom) },
    { name: 'shortfall.csv', content: shortfallCsv(result, bom) },
    { name: 'worklist.csv', content: worklistCsv(result, bom) },
    { name: 'exceptions.csv', content: exceptionsCsv(result.exceptions, bom) },
    { name: 'summary.json', content: resultJson(result) },
    { name: 'report.html', content: renderHtmlReport(result) },
  ];
}

/**
 * Reads the inputs and builds the result. A function of its own so that nothing of the run outlives
 * it but the result: the outputs are written with the inputs' memory already given back.
 */
async function readResult(values: OptionValues, invocation: Invocation): Promise<ReconciliationResult> {
  const { context } = invocation;
  const sources = inputSourcesOf(values, context);
  const options = runOptionsOf(values, context);
  const { observer, progress } = await runObserver(values, context);
  try {
    return await reconcile(sources, options, observer);
  } finally {
    progress.done();
  }
}

export async function reconcileCommand(values: OptionValues, invocation: Invocation): Promise<ExitStatus> {
  const { context } = invocation;
  const isQuiet = values.quiet === true;
  const format = (values.format ?? 'table') as Format;
  const render = reporterFor(format, 'reconciliation');
  const color = wantsColor(context.stdout, context.env, invocation.colorFlag);
  const inputs = protectedPaths(values, invocation);
  const result = await readResult(values, invocation);
  try {
    // Under --strict or --fail-on-warning these stop the run before any output is written.
    checkExceptionLimits(values, result.exceptions);
    checkWarningLimits(values, result.warnings);
  } catch (error) {
    await writeWarnings(values, context, result.warnings);
    throw error;
  }

  if (values.out !== undefined) {
    const files = outputFiles(result, values.bom !== false);
    const manifest = buildManifest({ version: VERSION, command: 'reconcile', result, outputs: [...files.map((file) => file.name), 'manifest.json'] });
    files.push({ name: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` });
    await writeFilesAtomically(resolve(context.cwd, values.out), files, { protectedPaths: inputs });
    if (!isQuiet) await writeText(context.stderr, `Wrote ${files.map((file) => file.name).join(', ')} to ${values.out}\n`);
  }
  for (const chunk of render(result, { color })) await writeText(context.stdout, chunk);
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
