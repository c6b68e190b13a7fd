// An --out folder for the example data, as a commissioner would produce it. Until the CLI writes
// report.html itself, the report is rendered here from the folder's summary.json (the same object).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtmlReport } from '../../src/report/html.js';
import type { ReconciliationResult } from '../../src/result/reconciliationResult.js';
import { EXAMPLE_FILES } from '../e2e/cli.js';
import { runInProcess } from '../e2e/inProcess.js';

export const EXAMPLE_AS_OF = '2026-03-31';

export interface ReportFolder {
  readonly dir: string;
  readonly reportPath: string;
  readonly summary: ReconciliationResult;
}

/** With `pseudonymiseKey`, the run is made with --pseudonymise and that key in EHCP_RECON_KEY; `args` are added to the run's options. */
export async function produceExampleReportFolder(options: { pseudonymiseKey?: string; args?: readonly string[] } = {}): Promise<ReportFolder> {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-recon-report-'));
  const pseudonymise = options.pseudonymiseKey === undefined ? [] : ['--pseudonymise'];
  const env: Record<string, string> = options.pseudonymiseKey === undefined ? {} : { EHCP_RECON_KEY: options.pseudonymiseKey };
  const run = await runInProcess(
    ['reconcile', ...EXAMPLE_FILES, '--as-of', EXAMPLE_AS_OF, '--format', 'json', '--quiet', '--out', dir, ...pseudonymise, ...(options.args ?? [])],
    { env },
  );
  if (run.status !== 0) throw new Error(`reconcile of the example data exited ${run.status}: ${run.stderr}`);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as ReconciliationResult;
  const reportPath = join(dir, 'report.html');
  if (!existsSync(reportPath)) writeFileSync(reportPath, renderHtmlReport(summary));
  return { dir, reportPath, summary };
}
