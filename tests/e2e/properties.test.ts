// Invariants over generated data: for every file, rows read = the sum of its buckets; the same inputs
// give byte-identical outputs; nothing counted is lost between the child-years and the accounting.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

describe.each(SEEDS)('generated data, seed %i', (seed) => {
  const flavour = seed % 2 === 0 ? 'provider' : 'canonical';

  it(`accounts for every row and repeats itself byte for byte (${flavour})`, async () => {
    const data = temporaryDir();
    const generated = await runInProcess([
      'generate',
      '--children',
      String(40 + seed * 15),
      '--seed',
      String(seed),
      '--flavour',
      flavour,
      '--as-of',
      '2026-03-31',
      '--out',
      data,
      '--quiet',
    ]);
    expect(generated.status).toBe(0);
    const inputs = ['--plans', join(data, 'plans.csv'), '--contacts', join(data, 'contacts.csv'), '--as-of', '2026-03-31'];
    if (flavour === 'provider') inputs.push('--mapping', join(data, 'mapping.json'));

    const first = temporaryDir();
    const second = temporaryDir();
    const runs = [
      await runInProcess(['reconcile', ...inputs, '--out', first, '--format', 'json']),
      await runInProcess(['reconcile', ...inputs, '--out', second, '--format', 'json']),
    ];
    expect(runs.map((r) => r.status)).toEqual([0, 0]);
    for (const name of readdirSync(first)) expect(readFileSync(join(second, name)).equals(readFileSync(join(first, name))), name).toBe(true);

    const result = JSON.parse(runs[0]!.stdout);
    for (const file of ['plans', 'contacts'] as const) {
      const { rowsRead, buckets } = result.accounting[file];
      const sum = Object.values(buckets as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(sum).toBe(rowsRead);
    }
    const dataRows = (name: string) =>
      readFileSync(join(data, name), 'utf8')
        .split('\n')
        .filter((line) => line !== '').length - 1;
    expect(result.accounting.plans.rowsRead).toBe(dataRows('plans.csv'));

    const delivered = result.childYears.reduce((total: number, row: { sessionsDelivered: number }) => total + row.sessionsDelivered, 0);
    expect(delivered).toBe(result.accounting.contacts.buckets.counted ?? 0);
    const exceptionCount = ['invalid-row', 'duplicate', 'end-before-start', 'unknown-child', 'outside-plan-period']
      .map((bucket) => (result.accounting.plans.buckets[bucket] ?? 0) + (result.accounting.contacts.buckets[bucket] ?? 0))
      .reduce((a, b) => a + b, 0);
    expect(result.exceptions).toHaveLength(exceptionCount);
  });
});
