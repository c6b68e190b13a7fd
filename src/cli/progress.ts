// Progress of a long read, on standard error, only on a terminal and never with --quiet: a percentage
// of bytes and the rows per second, redrawn in place at most a few times a second.
import type { CliContext } from './context.js';

export interface Progress {
  update(bytes: number, rows: number): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };
const REDRAW_MS = 250;

export function createProgress(
  stream: CliContext['stderr'],
  label: string,
  totalBytes: number | undefined,
  options: { readonly quiet: boolean; readonly now?: () => number },
): Progress {
  if (options.quiet || stream.isTTY !== true) return SILENT;
  const now = options.now ?? Date.now;
  const started = now();
  let lastDrawn = 0;
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
      stream.write(`\r${label}:${percent} ${rows.toLocaleString('en-GB')} rows, ${rate} rows/s, ${megabytes} MB/s   `);
    },
    done() {
      if (drew) stream.write('\r\u001b[K');
    },
  };
}
