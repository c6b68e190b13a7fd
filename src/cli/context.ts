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

export function writeText(stream: CliContext['stdout'], text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** A warning on standard error, one line, unless --quiet. */
export function warnOn(context: CliContext, quiet: boolean): (message: string) => void {
  return (message) => {
    if (!quiet) context.stderr.write(`ehcp-recon: warning: ${message}\n`);
  };
}
