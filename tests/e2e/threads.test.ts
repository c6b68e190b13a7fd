// --threads 2 (the contacts read on a thread of their own) must change nothing but the time taken:
// the same files, the same standard output and error, the same exit status as --threads 1, on
// generated data of more rows than the four batches hold (so that each is used again), on the
// example, on files the thread cannot read in place (transcoded) and on files that stop the run.
// readerThread.test.ts drives the thread itself with batches small enough to go round many times.
// Run `npm run build` first: this spawns bin/ehcp-recon.js, which runs dist/.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryDir } from './cli.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly files: Record<string, string>;
}

/** Both runs write to the same folder (it is named in the output), emptied between them. */
function reconcileWith(threads: 1 | 2, args: readonly string[], out: string): Outcome {
  rmSync(out, { recursive: true, force: true });
  const run = runCli(['reconcile', ...args, '--threads', String(threads), '--out', out]);
  let names: string[] = [];
  try {
    names = readdirSync(out).sort();
  } catch {
    // A run that stopped wrote nothing.
  }
  return { ...run, files: Object.fromEntries(names.map((name) => [name, readFileSync(join(out, name), 'utf8')])) };
}

/** A fixture folder's plans and contacts, reconciled for 2024/25 as of 31 March 2025. */
function fixtureRun(folder: string): string[] {
  return ['--plans', join(folder, 'plans.csv'), '--contacts', join(folder, 'contacts.csv'), '--year', '2024/25', '--as-of', '2025-03-31', '--quiet'];
}

function expectSameOutcome(args: readonly string[]): Outcome {
  const folder = temporaryDir('ehcp-recon-threads-');
  folders.push(folder);
  const one = reconcileWith(1, args, join(folder, 'out'));
  const two = reconcileWith(2, args, join(folder, 'out'));
  expect(two.status).toBe(one.status);
  expect(two.stderr).toBe(one.stderr);
  expect(two.stdout).toBe(one.stdout);
  expect(Object.keys(two.files)).toEqual(Object.keys(one.files));
  for (const name of Object.keys(one.files)) expect(two.files[name], name).toBe(one.files[name]);
  return one;
}

describe('--threads 2 gives what --threads 1 gives', () => {
  let generated = '';
  beforeAll(() => {
    generated = temporaryDir('ehcp-recon-threads-data-');
    folders.push(generated);
    // About 35,000 contact rows: four batches of 8,192 rows and more, so the batches are reused.
    const made = runCli(['generate', '--children', '1000', '--seed', '4', '--as-of', '2026-03-31', '--out', generated, '--quiet']);
    expect(made.status).toBe(0);
  });

  it('on generated data, with its duplicates, exceptions and every output file', () => {
    const outcome = expectSameOutcome([
      '--plans',
      join(generated, 'plans.csv'),
      '--contacts',
      join(generated, 'contacts.csv'),
      '--as-of',
      '2026-03-31',
      '--format',
      'json',
    ]);
    expect(outcome.status).toBe(0);
    const summary = JSON.parse(outcome.stdout) as { accounting: { contacts: { rowsRead: number; buckets: Record<string, number> } } };
    expect(summary.accounting.contacts.rowsRead).toBeGreaterThan(4 * 8192);
    expect(summary.accounting.contacts.buckets.duplicate).toBeGreaterThan(0);
    expect(Object.keys(outcome.files)).toContain('exceptions.csv');
  });

  it('on the example, in the provider-export flavour with its mapping', () => {
    const example = fixture('example');
    const outcome = expectSameOutcome([
      '--plans',
      join(example, 'plans.csv'),
      '--contacts',
      join(example, 'contacts.csv'),
      '--mapping',
      join(example, 'mapping.json'),
      '--as-of',
      '2026-03-31',
      '--quiet',
    ]);
    expect(outcome.status).toBe(0);
  });

  it('on a windows-1252 file, which is read on one thread (the file is not its own text)', () => {
    const folder = fixture('windows-1252');
    const outcome = expectSameOutcome([
      '--plans',
      join(folder, 'plans.csv'),
      '--contacts',
      join(folder, 'contacts.csv'),
      '--encoding',
      'windows-1252',
      '--year',
      '2024/25',
      '--as-of',
      '2025-03-31',
      '--quiet',
    ]);
    expect(outcome.status).toBe(0);
  });

  it('on a BOM, CRLF and semicolons', () => {
    const folder = fixture('bom-crlf-semicolon');
    const outcome = expectSameOutcome(fixtureRun(folder));
    expect(outcome.status).toBe(0);
  });

  it.each(['malformed-csv', 'missing-column'])('on %s: the same one-line message and exit 3', (name) => {
    const folder = fixture(name);
    const outcome = expectSameOutcome(fixtureRun(folder));
    expect(outcome.status).toBe(3);
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
  });

  it('when the plans stop the run while the thread reads the contacts ahead: the plans error, promptly', () => {
    // The thread starts on the contacts before the plans are read and fills its batches; the plans
    // then fail, and the run must end as it would on one thread, not wait on the thread.
    const folder = temporaryDir('ehcp-recon-threads-plans-');
    folders.push(folder);
    const brokenPlans = join(folder, 'plans.csv');
    writeFileSync(brokenPlans, `${readFileSync(join(generated, 'plans.csv'), 'utf8')}C9,"never closed\n`);
    const started = Date.now();
    const outcome = expectSameOutcome(['--plans', brokenPlans, '--contacts', join(generated, 'contacts.csv'), '--as-of', '2026-03-31', '--quiet']);
    expect(outcome.status).toBe(3);
    expect(outcome.stderr).toMatch(/plans\.csv: line \d+: a quoted field opened here is never closed/);
    expect(Date.now() - started).toBeLessThan(30_000);
    // A contacts file that cannot be opened (it is opened ahead too) is told after the plans' own problem, as on one thread.
    const notWorkbook = join(folder, 'contacts.xlsx');
    writeFileSync(notWorkbook, 'not a workbook at all');
    for (const contacts of [join(folder, 'missing.csv'), notWorkbook]) {
      const stopped = expectSameOutcome(['--plans', brokenPlans, '--contacts', contacts, '--as-of', '2026-03-31', '--quiet']);
      expect(stopped.stderr).toContain('a quoted field opened here is never closed');
    }
    // So is an encoding the mapping gives the contacts that the tool does not read.
    const badEncoding = join(folder, 'mapping.json');
    writeFileSync(badEncoding, JSON.stringify({ contacts: { encoding: 'ebcdic' } }));
    const contacts = join(generated, 'contacts.csv');
    const stopped = expectSameOutcome(['--plans', brokenPlans, '--contacts', contacts, '--mapping', badEncoding, '--as-of', '2026-03-31', '--quiet']);
    expect(stopped.stderr).toContain('a quoted field opened here is never closed');
    expect(stopped.stderr).not.toContain('ebcdic');
  });

  it('--threads takes 1 or 2 only', () => {
    const example = fixture('example');
    const run = runCli(['reconcile', '--plans', join(example, 'plans.csv'), '--contacts', join(example, 'contacts.csv'), '--threads', '3']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--threads');
  });
});
