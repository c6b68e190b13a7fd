import type { Readable, Writable } from 'node:stream';
import { dayFromDate, type Day } from '../calendar/day.js';
import { UsageError } from '../errors.js';

/** Everything the CLI touches of its process, passed in so that tests can run it in-process. */
export interface CliContext {
  readonly argv: readonly string[];
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Today's date; defaults to the clock. */
  readonly today?: Day;
}

export function todayOf(context: CliContext): Day {
  if (context.today !== undefined) return context.today;
  const now = new Date();
  return dayFromDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The width of standard output when it is not a terminal and COLUMNS does not say: a file, a pipe, cron's mail. */
const PLAIN_OUTPUT_WIDTH = 100;

/**
 * The columns a table on standard output may take: the terminal's; else COLUMNS when it is set (as a
 * user piping to a pager, or a test, may set it); else 100.
 */
export function outputWidth(context: Pick<CliContext, 'stdout' | 'env'>): number {
  const { stdout } = context;
  if (stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0) return stdout.columns;
  const columns = Number(context.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : PLAIN_OUTPUT_WIDTH;
}

/** Colour only on a terminal, never with NO_COLOR set to any non-empty value (as no-color.org asks) or --no-color. */
export function wantsColor(stream: { isTTY?: boolean }, env: CliContext['env'], flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Streams whose reader has gone (`| head`): what is left for them is dropped. */
const closedStreams = new WeakSet<object>();
/** The streams guarded, by the name a message gives them. */
const streamNames = new WeakMap<object, string>();

function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/**
 * Listens to standard output and error for a failed write, before anything is written to them (help
 * text included). A reader that stops early (`ehcp-recon … | head`) closes the pipe: that is no
 * failure of the run, which goes on (its files, its exit status) with the rest of that stream
 * dropped, as a Unix tool would. Any other failure reaches the writer (writeText), which fails the run
 * with one sentence; unheard, either would end the process with a stack trace.
 */
export function guardOutputStreams(context: Pick<CliContext, 'stdout' | 'stderr'>): void {
  for (const [stream, name] of [
    [context.stdout, 'standard output'],
    [context.stderr, 'standard error'],
  ] as const) {
    if (streamNames.has(stream)) continue;
    streamNames.set(stream, name);
    stream.on('error', (error) => {
      if (isClosedPipe(error)) closedStreams.add(stream);
    });
  }
}

/** Writes text and waits until it is handed on; see guardOutputStreams for a stream that fails. */
export function writeText(stream: CliContext['stdout'], text: string): Promise<void> {
  if (closedStreams.has(stream)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (error === null || error === undefined) {
        resolve();
      } else if (isClosedPipe(error)) {
        closedStreams.add(stream);
        resolve();
      } else {
        reject(new UsageError(`could not write to ${streamNames.get(stream) ?? 'the output'} (${error.message})`));
      }
    });
  });
}

/** A warning on standard error, one line, unless --quiet. */
export function warnOn(context: CliContext, quiet: boolean): (message: string) => void {
  return (message) => {
    if (!quiet) context.stderr.write(`ehcp-recon: warning: ${message}\n`);
  };
}
