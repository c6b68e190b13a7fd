// The progress line of the two reads: drawn only on a terminal and never with --quiet; each input's
// rate counted from the start of its own read, not the run's; never wider than the terminal (a wrapped
// line cannot be redrawn in place); each read's line ends on its final count and is kept.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context.js';
import { createReadProgress, progressLine } from '../../../src/cli/progress.js';

function terminal(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  return { stream: { isTTY, columns, write: (text: string) => written.push(text) > 0 }, written };
}

const INPUTS = {
  plans: { label: 'Reading plans.csv', totalBytes: 1_000_000 },
  contacts: { label: 'Reading contacts.csv', totalBytes: undefined },
};

/** What a terminal shows after the writes: carriage returns redraw the line, line feeds keep it. */
function screen(written: readonly string[]): string[] {
  const lines = [''];
  for (const text of written) {
    for (const part of text.replace(/\u001b\[K/g, '').split(/(\r|\n)/)) {
      if (part === '\r') lines[lines.length - 1] = '';
      else if (part === '\n') lines.push('');
      else lines[lines.length - 1] += part;
    }
  }
  return lines;
}

describe('the progress of the two reads', () => {
  it('draws each input with its own clock, at most every 250 ms, and ends each on its final count', () => {
    const { stream, written } = terminal(true, 120);
    let time = 10_000;
    const progress = createReadProgress(stream as unknown as CliContext['stderr'], INPUTS, { quiet: false, now: () => time });
    progress.update('plans', 1000, 10);
    expect(written).toEqual([]);
    time += 500;
    progress.update('plans', 500_000, 2000);
    expect(written).toEqual(['\rReading plans.csv: 50% 2,000 rows, 4,000 rows/s, 1.0 MB/s\u001b[K']);
    // The read's last word (all bytes, every row) comes between two redraws: it is still drawn, and kept.
    time += 100;
    progress.update('plans', 1_000_000, 2600);
    expect(written).toHaveLength(1);
    // The contacts start 5 s into the run: their rate counts from then.
    time += 4400;
    progress.update('contacts', 65_536, 100);
    expect(screen(written)).toEqual(['Reading plans.csv: 100% 2,600 rows, 4,333 rows/s, 1.7 MB/s', '']);
    time += 1000;
    progress.update('contacts', 3_000_000, 30_000);
    expect(written.at(-1)).toBe('\rReading contacts.csv: 30,000 rows, 30,000 rows/s, 3.0 MB/s\u001b[K');
    time += 100;
    progress.update('contacts', 3_100_000, 31_004);
    progress.done();
    expect(screen(written)).toEqual([
      'Reading plans.csv: 100% 2,600 rows, 4,333 rows/s, 1.7 MB/s',
      'Reading contacts.csv: 31,004 rows, 28,185 rows/s, 2.8 MB/s',
      '',
    ]);
  });

  it('never draws a line as wide as the terminal: figures, then the start of the label, give way', () => {
    for (const columns of [80, 60, 40, 30]) {
      const { stream, written } = terminal(true, columns);
      let time = 0;
      const progress = createReadProgress(
        stream as unknown as CliContext['stderr'],
        { ...INPUTS, plans: { label: 'Reading /srv/ehcp/exports/2026-03/northvale-plans-export.csv', totalBytes: 9_000_000 } },
        { quiet: false, now: () => time },
      );
      for (let step = 1; step <= 8; step++) {
        time += 300;
        progress.update('plans', step * 1_000_000, step * 12_345);
      }
      progress.done();
      const lines = screen(written).filter((line) => line !== '');
      expect(lines, String(columns)).toHaveLength(1);
      expect(lines[0]!.length, lines[0]).toBeLessThan(columns);
      expect(lines[0]).toContain('98,760 rows');
    }
    expect(progressLine({ label: 'Reading plans.csv', percent: '5% ', rows: '1,000', rate: '9', megabytes: '0.1' }, 35)).toBe(
      'Reading plans.csv: 5% 1,000 rows',
    );
    expect(progressLine({ label: 'Reading plans.csv', percent: '5% ', rows: '1,000', rate: '9', megabytes: '0.1' }, 25)).toBe('…plans.csv: 5% 1,000 rows');
  });

  it('draws nothing on a terminal too narrow for a useful line', () => {
    const { stream, written } = terminal(true, 12);
    let time = 0;
    const progress = createReadProgress(stream as unknown as CliContext['stderr'], INPUTS, { quiet: false, now: () => time });
    time += 1000;
    progress.update('plans', 500_000, 2000);
    progress.done();
    expect(written).toEqual([]);
  });

  it('writes nothing with --quiet, or when standard error is not a terminal', () => {
    for (const [isTTY, quiet] of [
      [true, true],
      [false, false],
    ] as const) {
      const { stream, written } = terminal(isTTY);
      let time = 0;
      const progress = createReadProgress(stream as unknown as CliContext['stderr'], INPUTS, { quiet, now: () => time });
      for (let i = 0; i < 10; i++) {
        time += 1000;
        progress.update(i < 5 ? 'plans' : 'contacts', i * 1000, i * 10);
      }
      progress.done();
      expect(written).toEqual([]);
    }
  });
});
