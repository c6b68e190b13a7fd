// `ehcp-recon explain --child ID`: the audit trail of one child.
import { explain } from '../../engine/reconcile.js';
import { reporterFor, type Format } from '../../report/reporters.js';
import { outputWidth, wantsColor, writeText } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import type { OptionValues } from '../options.js';
import { inputSourcesOf, runOptionsOf, type Invocation } from '../runInputs.js';

export async function explainCommand(values: OptionValues, invocation: Invocation): Promise<ExitStatus> {
  const { context } = invocation;
  const explanation = await explain(inputSourcesOf(values, context), values.child ?? '', runOptionsOf(values, context));
  const format = (values.format ?? 'table') as Format;
  const color = wantsColor(context.stdout, context.env, invocation.colorFlag);
  for (const chunk of reporterFor(format, 'explanation')(explanation, { color, width: outputWidth(context) })) await writeText(context.stdout, chunk);
  return EXIT.done;
}
