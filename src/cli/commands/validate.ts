// `ehcp-recon validate`: read and check only — the row accounting and the exceptions.
import { resolve } from 'node:path';
import { openOutputFolder } from '../../io/atomicFiles.js';
import { compareExceptions, type Accounting, type ExceptionRecord } from '../../reconcile/accounting.js';
import { inChunks } from '../../report/chunks.js';
import { exceptionsCsv } from '../../report/csvOutputs.js';
import { formatNumber } from '../../report/headlineText.js';
import { visible } from '../../schema/visibleText.js';
import { CONTACT_BUCKETS, PLAN_BUCKETS } from '../../schema/vocabulary.js';
import { todayOf, warnOn, writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import { loadRun } from '../reconciliation.js';
import type { Format, RunRequest } from '../runOptions.js';
import { checkExceptionLimits, outputFolderOptions, readProgress, type OutputModeRequest } from './reconcile.js';
import { pseudonymisationFromEnv } from '../pseudonyms.js';
import { pseudonymiseException } from '../../report/pseudonymise.js';

export interface ValidateRequest extends RunRequest, OutputModeRequest {
  readonly format: Format;
  readonly out: string | undefined;
  readonly bom: boolean;
}

function describeAccounting(accounting: Accounting): string {
  const lines: string[] = [];
  const file = (name: string, order: readonly string[], counts: { rowsRead: number; buckets: Readonly<Partial<Record<string, number>>> }) => {
    lines.push(`${name}: ${formatNumber(counts.rowsRead)} rows read`);
    for (const bucket of order) {
      const count = counts.buckets[bucket] ?? 0;
      if (count > 0) lines.push(`  ${bucket.padEnd(20)} ${formatNumber(count).padStart(12)}`);
    }
  };
  file('Plans', PLAN_BUCKETS, accounting.plans);
  file('Contacts', CONTACT_BUCKETS, accounting.contacts);
  return lines.join('\n');
}

export async function validateCommand(request: ValidateRequest, context: CliContext): Promise<ExitStatus> {
  const pseudonymisation = request.pseudonymise ? pseudonymisationFromEnv(context.env) : null;
  // Taken before the read: a second run into the same folder is refused at once.
  const folder = request.out === undefined ? undefined : await openOutputFolder(resolve(context.cwd, request.out), outputFolderOptions(request, request.out, context, 'validate'));
  let accounting: Accounting;
  let exceptions: readonly ExceptionRecord[];
  try {
    const progress = await readProgress(request, context);
    const run = await loadRun(request, { stdin: context.stdin, cwd: context.cwd }, todayOf(context), { onProgress: progress.update, warn: warnOn(context, request.quiet) });
    progress.done();
    accounting = { plans: run.book.accounting, contacts: run.totals.accounting };
    const raw = [...run.book.exceptions, ...run.totals.exceptions].sort(compareExceptions);
    exceptions = pseudonymisation === null ? raw : raw.map((record) => pseudonymiseException(record, pseudonymisation.pseudonymOf));
    await folder?.write([{ name: 'exceptions.csv', content: inChunks(exceptionsCsv(exceptions, request.bom)) }]);
  } finally {
    folder?.release();
  }
  switch (request.format) {
    case 'json':
      await writeText(context.stdout, `${JSON.stringify({ accounting, exceptions }, null, 2)}\n`);
      break;
    case 'csv':
      for (const chunk of inChunks(exceptionsCsv(exceptions, false))) await writeText(context.stdout, chunk);
      break;
    default: {
      const shown = exceptions.slice(0, 50).map((record) => visible(`  ${record.file} line ${record.line}: ${record.bucket} — ${record.field} "${record.value}": ${record.reason}`));
      const more = exceptions.length > shown.length ? [`  … and ${formatNumber(exceptions.length - shown.length)} more (--format csv or --out DIR lists them all)`] : [];
      const heading = exceptions.length === 0 ? 'No exceptions.' : `${formatNumber(exceptions.length)} exception rows:`;
      await writeText(context.stdout, `${describeAccounting(accounting)}\n\n${heading}\n${[...shown, ...more].join('\n')}\n`);
    }
  }
  checkExceptionLimits(request, exceptions);
  return EXIT.done;
}
