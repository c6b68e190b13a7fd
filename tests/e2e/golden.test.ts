// The bundled example's outputs, byte for byte: every file under --out and the terminal table, as
// fixtures/example/expected/ holds them. A change to any output shows here first; when it is meant,
// the files are made again (see fixtures/example/expected/README.md) and the diff is reviewed.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { runCli, temporaryDir } from './cli.js';

const expected = join('fixtures', 'example', 'expected');
const out = temporaryDir();
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the example, byte for byte', () => {
  // Relative paths, run from the repository's root, as the README's command runs it: the manifest records them.
  // The table is laid out for 100 columns, as when standard output is not a terminal: a COLUMNS
  // exported by the shell running the tests must not change it.
  const run = runCli(
    [
      'reconcile',
      '--plans',
      'fixtures/example/plans.csv',
      '--contacts',
      'fixtures/example/contacts.csv',
      '--mapping',
      'fixtures/example/mapping.json',
      '--as-of',
      '2026-03-31',
      '--out',
      out,
    ],
    { env: { COLUMNS: '' } },
  );

  it('exits 0 and prints the expected table', () => {
    expect(run.stderr).toBe(
      `Wrote reconciliation.csv, shortfall.csv, worklist.csv, exceptions.csv, summary.json, report.html, shortfall.xlsx, manifest.json to ${out}\n`,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(expected, 'stdout.txt'), 'utf8'));
  });

  const files = readdirSync(expected).filter((name) => name !== 'stdout.txt' && name !== 'README.md');
  it.each(files)('writes %s as expected', (name) => {
    const made = readFileSync(join(out, name));
    // The tool's version is the one thing a release may change without changing an output.
    const want =
      name === 'manifest.json'
        ? Buffer.from(readFileSync(join(expected, name), 'utf8').replace('"version": "0.1.0"', `"version": "${VERSION}"`))
        : readFileSync(join(expected, name));
    // Compared as text where it is text, so that a failure shows the lines that differ.
    if (name.endsWith('.xlsx')) expect(made.equals(want)).toBe(true);
    else expect(made.toString('utf8')).toBe(want.toString('utf8'));
  });
});
