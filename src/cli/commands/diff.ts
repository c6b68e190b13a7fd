// `ehcp-recon diff OLD NEW`: reads two summary.json files (or --out folders), compares them, renders.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import { SUMMARY_NAME } from '../../io/folderEntries.js';
import { diffSummaries, type DiffSide } from '../../diff/compare.js';
import { describeRefusals } from '../../diff/refusals.js';
import { renderDiff, type DiffFormat } from '../../diff/render.js';
import { parseSummaryBytes } from '../../diff/summaryFile.js';
import { warningLines, warningsHeading } from '../../diff/words.js';
import { visible } from '../../schema/visibleText.js';
import { checkSummaryFolder, whySummaryIsMissing } from '../../diff/summaryFolder.js';
import { outputWidth, wantsColor, writeText, type CliContext } from '../context.js';
import { EXIT, type ExitStatus } from '../exitStatus.js';
import { describeFsError } from '../../io/inputFiles.js';

export interface DiffRequest {
  readonly old: string;
  readonly new: string;
  /** Minutes of shortfall a child-year must move by, strictly more, to be listed as worsened or improved. */
  readonly tolerance: number;
  /** Compare files of different years or disciplines; never files with different pseudonymisation keys. */
  readonly force: boolean;
  readonly format: DiffFormat;
  /** The --no-color flag (true unless given); colour still needs a terminal and no NO_COLOR. */
  readonly color: boolean;
}

/** A folder stands for the summary.json that `reconcile --out` wrote into it. */
async function summaryPathOf(path: string, role: string, cwd: string): Promise<string> {
  try {
    const info = await stat(resolve(cwd, path));
    return info.isDirectory() ? join(path, SUMMARY_NAME) : path;
  } catch (error) {
    throw new InputError(`cannot read the ${role} summary "${path}": ${describeFsError(error)}`);
  }
}

/** One side of the diff, checked against its folder's manifest; with a note for standard error, if any. */
async function readSide(path: string, role: string, cwd: string): Promise<DiffSide & { readonly note: string | undefined }> {
  const file = await summaryPathOf(path, role, cwd);
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const isMissingFromFolder = file !== path && (error as NodeJS.ErrnoException).code === 'ENOENT';
    const stopped = isMissingFromFolder ? await whySummaryIsMissing(path, resolve(cwd, path)) : undefined;
    if (stopped !== undefined) throw new InputError(`cannot use the ${role} summary: ${stopped}`);
    const hint = isMissingFromFolder
      ? `the folder has no ${SUMMARY_NAME}; give a ${SUMMARY_NAME} or a folder written by "ehcp-recon reconcile --out"`
      : describeFsError(error);
    throw new InputError(`cannot read the ${role} summary "${file}": ${hint}`);
  }
  const verdict = await checkSummaryFolder(file, resolve(cwd, file), bytes, file !== path);
  if ('refusal' in verdict) throw new InputError(`cannot use the ${role} summary: ${verdict.refusal}`);
  const parsed = parseSummaryBytes(bytes);
  if ('problem' in parsed) throw new InputError(`the ${role} summary "${file}" ${parsed.problem}`);
  return { file, summary: parsed.summary, note: verdict.note };
}

export async function diffCommand(request: DiffRequest, context: CliContext): Promise<ExitStatus> {
  if (!Number.isFinite(request.tolerance) || request.tolerance < 0) {
    throw new UsageError(`--tolerance ${request.tolerance} is not a number of minutes: give 0 or more`);
  }
  const older = await readSide(request.old, 'OLD', context.cwd);
  const newer = await readSide(request.new, 'NEW', context.cwd);
  for (const note of [older.note, newer.note]) if (note !== undefined) await writeText(context.stderr, `ehcp-recon: note: ${note}\n`);
  const outcome = diffSummaries(older, newer, { tolerance: request.tolerance, force: request.force });
  if (outcome.kind === 'refused') throw new UsageError(describeRefusals(outcome.refusals, older, newer));
  const color = wantsColor(context.stdout, context.env, request.color);
  await writeText(context.stdout, renderDiff(outcome.diff, request.format, { color, width: outputWidth(context) }));
  // The table and the Markdown open with them; a CSV file has no place for them, and a script reading
  // the JSON may not look: standard error says so whatever the format.
  const warnings = warningLines(outcome.diff);
  if (warnings.length > 0 && (request.format === 'csv' || request.format === 'json')) {
    await writeText(context.stderr, [warningsHeading(outcome.diff), ...warnings].map((line) => `ehcp-recon: warning: ${visible(line)}\n`).join(''));
  }
  return EXIT.done;
}
