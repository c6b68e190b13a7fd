// Progress of a long read, on standard error, only on a terminal and never with --quiet: a percentage
// of bytes and the rows per second, redrawn in place at most a few times a second. The line never
// wraps (a wrapped line cannot be redrawn in place: each redraw would print a new one), and when a
// read ends its line is drawn once more with the final count and left in place.
import { displayWidth } from '../report/textLayout.js';
import { visible } from '../schema/visibleText.js';
import type { InputFile } from '../schema/vocabulary.js';
import type { CliContext } from './context.js';

interface Progress {
  update(bytes: number, rows: number): void;
  /** The read is over: its last figures are drawn (when anything was) and the line is kept. */
  finish(): void;
}

const REDRAW_MS = 250;
/** Assumed when a terminal does not say how wide it is. */
const DEFAULT_COLUMNS = 80;
/** Narrower than this, a progress line says nothing useful: none is drawn. */
const MIN_LINE = 20;
const CLEAR_TO_END = '\u001b[K';

/** The label cut from its start ("…ontacts.csv"): the end of a path names the file. */
function shortenStart(label: string, width: number): string {
  const characters = Array.from(label);
  while (characters.length > 0 && displayWidth(characters.join('')) > width - 1) characters.shift();
  return `…${characters.join('')}`;
}

/**
 * The line for one frame, within `width` columns: the figures a reader needs most are kept longest
 * (rows and percent; then rows per second; then MB per second), and the label gives way first.
 */
export function progressLine(frame: { label: string; percent: string; rows: string; rate: string; megabytes: string }, width: number): string | undefined {
  const figures = [`${frame.percent}${frame.rows} rows`, `${frame.rate} rows/s`, `${frame.megabytes} MB/s`];
  for (let kept = figures.length; kept >= 1; kept--) {
    const tail = `: ${figures.slice(0, kept).join(', ')}`;
    const line = `${frame.label}${tail}`;
    if (displayWidth(line) <= width) return line;
    if (kept === 1) {
      const room = width - displayWidth(tail);
      return room >= 8 ? `${shortenStart(frame.label, room)}${tail}` : undefined;
    }
  }
  return undefined;
}

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
  let latest = { bytes: 0, rows: 0, time: started };
  const draw = (time: number) => {
    // One column spare: a character in the last column makes some terminals wrap at once.
    const width = (typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : DEFAULT_COLUMNS) - 1;
    if (width < MIN_LINE) return;
    const seconds = Math.max((time - started) / 1000, 0.001);
    const line = progressLine(
      {
        label: shownLabel,
        percent: totalBytes ? `${Math.min(100, Math.floor((latest.bytes / totalBytes) * 100))}% ` : '',
        rows: latest.rows.toLocaleString('en-GB'),
        rate: Math.round(latest.rows / seconds).toLocaleString('en-GB'),
        megabytes: (latest.bytes / 1e6 / seconds).toFixed(1),
      },
      width,
    );
    if (line === undefined) return;
    drew = true;
    stream.write(`\r${line}${CLEAR_TO_END}`);
  };
  return {
    update(bytes, rows) {
      const time = now();
      latest = { bytes, rows, time };
      if (time - lastDrawn < REDRAW_MS) return;
      lastDrawn = time;
      draw(time);
    },
    finish() {
      if (!drew) return;
      // The last update may have come between two redraws: the line ends on the final count, at the
      // rate the read had when it came (not counting the time since).
      draw(latest.time);
      stream.write('\n');
    },
  };
}

/** What to call an input on the progress line, and its size when it is a file. */
export interface ProgressInput {
  readonly label: string;
  readonly totalBytes: number | undefined;
}

/** Progress of the two inputs' reads, one after the other. */
export interface ReadProgress {
  update(input: InputFile, bytes: number, rows: number): void;
  done(): void;
}

/**
 * The plans are read first, then the contacts: each input's line starts its own clock when its read
 * does (a national plans file takes several seconds, and counting them in the contacts' rows per
 * second would understate it), and each ends on its final count when the next begins or the run ends.
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
        current?.progress.finish();
        current = { input, progress: createProgress(stream, inputs[input].label, inputs[input].totalBytes, { now: options.now }) };
      }
      current.progress.update(bytes, rows);
    },
    done() {
      current?.progress.finish();
      current = undefined;
    },
  };
}
