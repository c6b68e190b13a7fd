// `ehcp-recon validate`: read and check only — the row accounting and the exceptions.
import { resolve } from 'node:path';
import { validate } from '../../engine/reconcile.js';
import { writeFilesAtomically } from '../../io/atomicFiles.js';
import { inChunks } from '../../report/chunks.js';
import { exceptionsCsv } from '../../report/csvOutputs.js';
import { reporterFor, type Format } from '../../report/reporters.js';
import { wantsColor, writeText } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import type { OptionValues } from '../options.js';
import { checkExceptionLimits, checkWarningLimits, inputSourcesOf, writeWarnings, protectedPaths, runObserver, runOptionsOf, type Invocation } from '../runInputs.js';

export async function validateCommand(values: OptionValues, invocation: Invocation): Promise<ExitStatus> {
  const { context } = invocation;
  const sources = inputSourcesOf(values, context);
  const options = runOptionsOf(values, context);
  const { observer, progress } = await runObserver(values, context);
  let validation;
  try {
    validation = await validate(sources, options, observer);
  } finally {
    progress.done();
  }
  if (values.out !== undefined) {
    await writeFilesAtomically(resolve(context.cwd, values.out), [{ name: 'exceptions.csv', content: inChunks(exceptionsCsv(validation.exceptions, values.bom !== false)) }], {
      protectedPaths: protectedPaths(values, invocation),
    });
  }
  const format = (values.format ?? 'table') as Format;
  const color = wantsColor(context.stdout, context.env, invocation.colorFlag);
  for (const chunk of reporterFor(format, 'validation')(validation, { color })) await writeText(context.stdout, chunk);
  await writeWarnings(values, context, validation.warnings);
  checkExceptionLimits(values, validation.exceptions);
  checkWarningLimits(values, validation.warnings);
  return EXIT.done;
}
