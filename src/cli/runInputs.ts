// What reconcile, validate and explain share at the command line: the inputs named by the options (with
// "-" for standard input), the engine's options, the key for pseudonyms, progress and notes on standard
// error, the exception limits, and the paths no output may replace.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDay } from '../calendar/day.js';
import { ExceptionLimitError, UsageError } from '../errors.js';
import { MIN_KEY_CHARS, type ReconcileOptions } from '../engine/options.js';
import type { InputSources, RunObserver } from '../engine/run.js';
import type { OutputFolderOptions } from '../io/atomicFiles.js';
import type { InputSource } from '../io/tableSource.js';
import type { HealthWarning } from '../result/health.js';
import { visible } from '../schema/visibleText.js';
import { todayOf, warnOn, writeText, type CliContext } from './context.js';
import { engineOptionsOf, type OptionValues } from './options.js';
import { createReadProgress, type ProgressInput, type ReadProgress } from './progress.js';

/** The environment variable that holds the pseudonymisation key: never an option, which shell history keeps. */
export const KEY_VARIABLE = 'EHCP_RECON_KEY';

/** How a command was invoked: its process, the config file it read (an input), the --no-color flag. */
export interface Invocation {
  readonly context: CliContext;
  readonly configFile: string | undefined;
  readonly colorFlag: boolean;
}

function inputOf(path: string, context: CliContext): InputSource {
  return path === '-' ? { stream: context.stdin, name: 'standard input', given: '-' } : path;
}

export function inputSourcesOf(values: OptionValues, context: CliContext): InputSources {
  const { plans, contacts } = values;
  if (plans === undefined || contacts === undefined) throw new UsageError('--plans and --contacts are both required');
  if (plans === '-' && contacts === '-') throw new UsageError('only one input can be read from standard input ("-")');
  return {
    plans: inputOf(plans, context),
    contacts: inputOf(contacts, context),
    calendar: values.calendar === undefined ? undefined : inputOf(values.calendar, context),
    mapping: values.mapping,
  };
}

/** The engine's options: the table's, today's date (a test may fix it), and the key when pseudonymising. */
export function runOptionsOf(values: OptionValues, context: CliContext): ReconcileOptions {
  const options = { ...engineOptionsOf(values), today: formatDay(todayOf(context)) };
  if (values.pseudonymise !== true) return options;
  const key = context.env[KEY_VARIABLE];
  if (key === undefined || key.trim() === '') {
    throw new UsageError(
      `--pseudonymise needs a key in the environment variable ${KEY_VARIABLE}; set the same secret key every month so that pseudonyms match across runs`,
    );
  }
  if (key.length < MIN_KEY_CHARS)
    throw new UsageError(`the key in ${KEY_VARIABLE} is too short to keep pseudonyms secret: use at least ${MIN_KEY_CHARS} characters`);
  return { ...options, pseudonymise: { key } };
}

/** Progress of the two reads (each sized by its file when it is one) and notes, on standard error. */
async function runObserver(values: OptionValues, context: CliContext): Promise<{ observer: RunObserver; progress: ReadProgress }> {
  const isQuiet = values.quiet === true;
  const hidesProgress = isQuiet || context.stderr.isTTY !== true;
  const input = async (path: string | undefined, name: string): Promise<ProgressInput> => ({
    label: `Reading ${path === undefined || path === '-' ? name : path}`,
    totalBytes:
      hidesProgress || path === undefined || path === '-'
        ? undefined
        : await stat(resolve(context.cwd, path)).then(
            (info) => info.size,
            () => undefined,
          ),
  });
  const progress = createReadProgress(
    context.stderr,
    { plans: await input(values.plans, 'plans'), contacts: await input(values.contacts, 'contacts') },
    { quiet: hidesProgress },
  );
  return { observer: { onProgress: progress.update, onNote: warnOn(context, isQuiet) }, progress };
}

/**
 * Reads the inputs the options name with `read` (the engine's reconcile or validate), with the reads'
 * progress and notes on standard error while it runs.
 */
export async function readInputs<R>(
  values: OptionValues,
  context: CliContext,
  read: (sources: InputSources, options: ReconcileOptions, observer: RunObserver) => Promise<R>,
): Promise<R> {
  const sources = inputSourcesOf(values, context);
  const options = runOptionsOf(values, context);
  const { observer, progress } = await runObserver(values, context);
  try {
    return await read(sources, options, observer);
  } finally {
    progress.done();
  }
}

/**
 * --strict, --max-errors and --fail-on-warning: the run stops here (exit 3) when its exceptions or
 * warnings pass what the options allow, with the warnings said first.
 */
export async function stopAtLimits(
  values: OptionValues,
  context: CliContext,
  run: { readonly exceptions: { readonly length: number }; readonly warnings: readonly HealthWarning[] },
): Promise<void> {
  try {
    checkExceptionLimits(values, run.exceptions);
    checkWarningLimits(values, run.warnings);
  } catch (error) {
    await writeWarnings(values, context, run.warnings);
    throw error;
  }
}

/** --strict and --max-errors: exceptions that stop the run (exit 3) once it has been read. */
function checkExceptionLimits(values: OptionValues, exceptions: { readonly length: number }): void {
  const count = exceptions.length;
  if (values.strict === true && count > 0) {
    throw new ExceptionLimitError(
      `${count} exception row${count === 1 ? '' : 's'} found and --strict is set: run "ehcp-recon validate" with the same inputs to list them, fix the data, or drop --strict`,
    );
  }
  if (values.maxErrors !== undefined && count > values.maxErrors) {
    throw new ExceptionLimitError(
      `${count} exception row${count === 1 ? '' : 's'} found, more than --max-errors ${values.maxErrors}: run "ehcp-recon validate" with the same inputs to list them — is a column mapped wrongly?`,
    );
  }
}

/** Whether --fail-on-warning or --strict will stop the run on these warnings. */
function failsOnWarnings(values: OptionValues, warnings: readonly HealthWarning[]): boolean {
  return warnings.length > 0 && (values.failOnWarning === true || values.strict === true);
}

/**
 * --fail-on-warning and --strict: run-health warnings that stop the run (exit 3) once it has been read,
 * as exceptions do under --strict (docs/operations.md#when-the-numbers-look-wrong).
 */
function checkWarningLimits(values: OptionValues, warnings: readonly HealthWarning[]): void {
  if (!failsOnWarnings(values, warnings)) return;
  const count = warnings.length;
  const option = values.failOnWarning === true ? '--fail-on-warning' : '--strict';
  throw new ExceptionLimitError(
    `${count} run-health warning${count === 1 ? '' : 's'} (${warnings.map((warning) => warning.code).join(', ')}) and ${option} is set: the headline may be wrong; see the warning${count === 1 ? '' : 's'} above, fix the inputs or options, or drop ${option}`,
  );
}

/**
 * The run-health warnings on standard error, one "ehcp-recon: warning:" line each: not with --quiet,
 * unless they stop the run, when the sentence that says so points at them.
 */
export async function writeWarnings(values: OptionValues, context: CliContext, warnings: readonly HealthWarning[]): Promise<void> {
  if (warnings.length === 0 || (values.quiet === true && !failsOnWarnings(values, warnings))) return;
  // The words quote child IDs from the data: nothing in them may act on the terminal.
  await writeText(context.stderr, warnings.map((warning) => `ehcp-recon: warning: ${visible(warning.message)}\n`).join(''));
}

/** The inputs, as absolute paths: no output may replace one. */
function protectedPaths(values: OptionValues, invocation: Invocation): string[] {
  return [values.plans, values.contacts, values.mapping, values.calendar, invocation.configFile]
    .filter((path): path is string => path !== undefined && path !== '-')
    .map((path) => resolve(invocation.context.cwd, path));
}

/** How a command opens its --out folder: named as given, the inputs protected, --file-mode, notes as warnings. */
export function outputFolderOptions(values: OptionValues, invocation: Invocation, command: string): OutputFolderOptions {
  return {
    shownAs: values.out,
    protectedPaths: protectedPaths(values, invocation),
    fileMode: values.fileMode,
    command,
    onNote: warnOn(invocation.context, values.quiet === true),
  };
}
