// The progress line of the two reads: drawn only on a terminal and never with --quiet; each input's
// rate counted from the start of its own read, not the run's; the plans line cleared when the
// contacts read begins, and the last line cleared at the end.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context.js';
import { createReadProgress } from '../../../src/cli/progress.js';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) > 0 }, written };
}

const INPUTS = {
  plans: { label: 'Reading plans.csv', totalBytes: 1_000_000 },
  contacts: { label: 'Reading contacts.csv', totalBytes: undefined },
};

describe('the progress of the two reads', () => {
  it('draws each input with its own clock, and clears the line between inputs and at the end', () => {
    const { stream, written } = terminal(true);
    let time = 10_000;
    const progress = createReadProgress(stream as unknown as CliContext['stderr'], INPUTS, { quiet: false, now: () => time });
    progress.update('plans', 1000, 10);
    expect(written).toEqual([]);
    time += 500;
    progress.update('plans', 500_000, 2000);
    expect(written).toEqual(['\rReading plans.csv: 50% 2,000 rows, 4,000 rows/s, 1.0 MB/s   ']);
    // The contacts start 5 s into the run: their rate counts from then.
    time += 4500;
    progress.update('contacts', 65_536, 100);
    expect(written.at(-1)).toBe('\r\u001b[K');
    time += 1000;
    progress.update('contacts', 3_000_000, 30_000);
    expect(written.at(-1)).toBe('\rReading contacts.csv: 30,000 rows, 30,000 rows/s, 3.0 MB/s   ');
    // Redrawn at most every 250 ms.
    time += 100;
    progress.update('contacts', 3_100_000, 31_000);
    expect(written).toHaveLength(3);
    progress.done();
    expect(written.at(-1)).toBe('\r\u001b[K');
    expect(written).toHaveLength(4);
  });

  it('writes nothing with --quiet, or when standard error is not a terminal', () => {
    for (const [isTTY, quiet] of [[true, true], [false, false]] as const) {
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
