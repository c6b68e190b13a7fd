import type { Readable, Writable } from 'node:stream';
import { dayFromDate, type Day } from '../calendar/day.js';

/** Everything the CLI touches of its process, passed in so that tests can run it in-process. */
export interface CliContext {
  readonly argv: readonly string[];
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean };
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

/** Colour only on a terminal, never with NO_COLOR (any value) or --no-color. */
export function wantsColor(stream: { isTTY?: boolean }, env: CliContext['env'], flag: boolean): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Streams whose reader has gone (`| head`): what is left for them is dropped. */
const closedStreams = new WeakSet<object>();
/** Streams already listened to for a closed pipe. */
const guardedStreams = new WeakSet<object>();

function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/**
 * Writes text and waits until it is handed on. A reader that stops early (`ehcp-recon … | head`)
 * closes the pipe: that is no failure of the run, which goes on (its files, its exit status) with the
 * rest of that stream dropped, as a Unix tool would, rather than ending in an error.
 */
export function writeText(stream: CliContext['stdout'], text: string): Promise<void> {
  if (closedStreams.has(stream)) return Promise.resolve();
  if (!guardedStreams.has(stream)) {
    guardedStreams.add(stream);
    // The pipe's error comes as an event too: unheard, it would end the process.
    stream.on('error', (error) => {
      if (isClosedPipe(error)) closedStreams.add(stream);
      else throw error;
    });
  }
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (isClosedPipe(error)) closedStreams.add(stream);
      if (error && !isClosedPipe(error)) reject(error);
      else resolve();
    });
  });
}

/** A warning on standard error, one line, unless --quiet. */
export function warnOn(context: CliContext, quiet: boolean): (message: string) => void {
  return (message) => {
    if (!quiet) context.stderr.write(`ehcp-recon: warning: ${message}\n`);
  };
}
