// `ehcp-recon validate`: read and check only — the row accounting and the exceptions.
import { resolve } from 'node:path';
import { validate } from '../../engine/reconcile.js';
import { openOutputFolder } from '../../io/atomicFiles.js';
import { inChunks } from '../../report/chunks.js';
import { exceptionsCsv } from '../../report/csvOutputs.js';
import { reporterFor, type Format } from '../../report/reporters.js';
import { hasWorkbookInput, type ValidationResult } from '../../result/reconciliationResult.js';
import { outputWidth, wantsColor, writeText } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import type { OptionValues } from '../options.js';
import { outputFolderOptions, readInputs, stopAtLimits, writeWarnings, type Invocation } from '../runInputs.js';

export async function validateCommand(values: OptionValues, invocation: Invocation): Promise<ExitStatus> {
  const { context } = invocation;
  // Taken before the read: a second run into the same folder is refused at once.
  const folder =
    values.out === undefined ? undefined : await openOutputFolder(resolve(context.cwd, values.out), outputFolderOptions(values, invocation, 'validate'));
  let validation: ValidationResult;
  try {
    validation = await readInputs(values, context, validate);
    await folder?.write([
      { name: 'exceptions.csv', content: inChunks(exceptionsCsv(validation.exceptions, values.bom !== false, hasWorkbookInput(validation.inputs))) },
    ]);
  } finally {
    folder?.release();
  }
  const format = (values.format ?? 'table') as Format;
  const color = wantsColor(context.stdout, context.env, invocation.colorFlag);
  for (const chunk of reporterFor(format, 'validation')(validation, { color, width: outputWidth(context) })) await writeText(context.stdout, chunk);
  // Its exceptions are what validate is for: they are listed (and written) before the run stops on them.
  await stopAtLimits(values, context, validation);
  await writeWarnings(values, context, validation.warnings);
  return EXIT.done;
}
