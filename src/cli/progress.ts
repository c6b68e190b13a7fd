// Progress of a long read, on standard error, only on a terminal and never with --quiet: a percentage
// of bytes and the rows per second, redrawn in place at most a few times a second.
import { visible } from '../schema/visibleText.js';
import type { InputFile } from '../schema/vocabulary.js';
import type { CliContext } from './context.js';

interface Progress {
  update(bytes: number, rows: number): void;
  done(): void;
}

const REDRAW_MS = 250;

function createProgress(
  stream: CliContext['stderr'],
  label: string,
  totalBytes: number | undefined,
  options: { readonly now?: (() => number) | undefined },
): Progress {
  const now = options.now ?? Date.now;
  // The label carries a file's path, which may hold any character: none of them may act on the terminal.
  const shownLabel = visible(label);
  // Made as its read starts: nothing is drawn until the read has run long enough for a rate to mean something.
  const started = now();
  let lastDrawn = started;
  let drew = false;
  return {
    update(bytes, rows) {
      const time = now();
      if (time - lastDrawn < REDRAW_MS) return;
      lastDrawn = time;
      drew = true;
      const seconds = Math.max((time - started) / 1000, 0.001);
      const percent = totalBytes ? ` ${Math.min(100, Math.floor((bytes / totalBytes) * 100))}%` : '';
      const rate = Math.round(rows / seconds).toLocaleString('en-GB');
      const megabytes = (bytes / 1e6 / seconds).toFixed(1);
      stream.write(`\r${shownLabel}:${percent} ${rows.toLocaleString('en-GB')} rows, ${rate} rows/s, ${megabytes} MB/s   `);
    },
    done() {
      if (drew) stream.write('\r\u001b[K');
    },
  };
}

/** What to call an input on the progress line, and its size when it is a file. */
export interface ProgressInput {
  readonly label: string;
  readonly totalBytes: number | undefined;
}

/** Progress of the two inputs' reads, one after the other, on one line. */
export interface ReadProgress {
  update(input: InputFile, bytes: number, rows: number): void;
  done(): void;
}

/**
 * The plans are read first, then the contacts: each input's line starts its own clock when its read
 * does (a national plans file takes several seconds, and counting them in the contacts' rows per
 * second would understate it), and the first is cleared when the second begins.
 */
export function createReadProgress(
  stream: CliContext['stderr'],
  inputs: { readonly [K in InputFile]: ProgressInput },
  options: { readonly quiet: boolean; readonly now?: () => number },
): ReadProgress {
  if (options.quiet || stream.isTTY !== true) return { update() {}, done() {} };
  let current: { input: InputFile; progress: Progress } | undefined;
  return {
    update(input, bytes, rows) {
      if (current?.input !== input) {
        current?.progress.done();
        current = { input, progress: createProgress(stream, inputs[input].label, inputs[input].totalBytes, { now: options.now }) };
      }
      current.progress.update(bytes, rows);
    },
    done() {
      current?.progress.done();
      current = undefined;
    },
  };
}
