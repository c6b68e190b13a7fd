// --split-by through the built binary (docs/outputs.md#split-by-folders): on the example, the groups'
// files make up the whole, row for row; on hand-made names ("../x", "CON", "North" and "NORTH", none),
// every group lands in a safe folder of its own; a rerun leaves no group of an earlier run behind;
// under --pseudonymise no child's ID reaches any file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checkOutputFolder } from '../../src/io/outputManifest.js';
import { unzip } from '../unit/report/workbook/workbookReader.js';
import { EXAMPLE_FILES, fixture, runCli, temporaryDir } from './cli.js';

// Relative to the repository's root, where runCli runs, as fixtures/example/expected was made: the
// workbook's About sheet records the paths as given.
const example = [
  '--plans',
  'fixtures/example/plans.csv',
  '--contacts',
  'fixtures/example/contacts.csv',
  '--mapping',
  'fixtures/example/mapping.json',
  '--as-of',
  '2026-03-31',
];
const hostile = ['--plans', fixture('split-hostile-names', 'plans.csv'), '--contacts', fixture('split-hostile-names', 'contacts.csv'), '--as-of', '2024-10-31'];

type Row = Record<string, string>;

function csvRows(path: string): Row[] {
  return parse(readFileSync(path), { columns: true, bom: true }) as Row[];
}

/** The data lines of a CSV file as written (the BOM and header left out), for comparing files line for line. */
function dataLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  expect(lines.pop()).toBe('');
  return lines.slice(1);
}

/** Every file under `folder`, as paths with "/". */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function manifestNames(out: string): string[] {
  return (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { outputs: { name: string }[] }).outputs.map((output) => output.name).sort();
}

describe('--split-by commissioner on the example', () => {
  const out = temporaryDir();
  const run = runCli(['reconcile', ...example, '--out', out, '--split-by', 'commissioner', '--format', 'json']);
  const index = csvRows(join(out, 'by-commissioner', 'index.csv'));
  const folderOf = (row: Row) => join(out, 'by-commissioner', row['folder']!);

  it('runs, and says what it wrote', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`manifest.json to ${out}, and one folder per commissioner in by-commissioner/ (3, listed in its index.csv)\n`);
  });

  it('writes one folder per commissioner, each with its three files, and the index', () => {
    expect(index.map((row) => [row['commissioner'], row['folder']])).toEqual([
      ['ICB', 'ICB'],
      ['Joint', 'Joint'],
      ['LA', 'LA'],
    ]);
    expect(readdirSync(join(out, 'by-commissioner')).sort()).toEqual(['ICB', 'Joint', 'LA', 'index.csv']);
    for (const row of index) expect(readdirSync(folderOf(row)).sort()).toEqual(['shortfall.csv', 'shortfall.xlsx', 'worklist.csv']);
  });

  it("makes up the whole shortfall.csv, line for line: none lost, none twice, each in its commissioner's folder", () => {
    const whole = dataLines(join(out, 'shortfall.csv'));
    const parts = index.flatMap((row) => dataLines(join(folderOf(row), 'shortfall.csv')));
    expect(parts.length).toBe(whole.length);
    expect([...parts].sort()).toEqual([...whole].sort());
    for (const row of index) {
      const rows = csvRows(join(folderOf(row), 'shortfall.csv'));
      expect(new Set(rows.map((entry) => entry['commissioner']))).toEqual(new Set([row['commissioner']]));
      expect(rows.length).toBe(Number(row['shortfall']) + Number(row['no_contact']));
    }
    // The example has child-years of all three in shortfall.
    expect(index.every((row) => Number(row['shortfall']) > 0)).toBe(true);
  });

  it("makes up the whole worklist.csv, line for line, each group's rows in the run's rank order", () => {
    const whole = dataLines(join(out, 'worklist.csv'));
    const parts = index.flatMap((row) => dataLines(join(folderOf(row), 'worklist.csv')));
    expect([...parts].sort()).toEqual([...whole].sort());
    expect(parts.length).toBe(whole.length);
    for (const row of index) {
      const ranks = csvRows(join(folderOf(row), 'worklist.csv')).map((entry) => Number(entry['rank']));
      expect(ranks.length).toBe(Number(row['worklist_rows']));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it("gives counts in the index that add up to the run's", () => {
    const result = JSON.parse(run.stdout);
    const sum = (column: string) => index.reduce((total, row) => total + Number(row[column]), 0);
    expect(sum('child_years')).toBe(csvRows(join(out, 'reconciliation.csv')).length);
    expect(sum('child_years')).toBe(result.headline.childrenInScope);
    expect(sum('shortfall')).toBe(result.summary.statuses.shortfall);
    expect(sum('no_contact')).toBe(result.headline.noContact);
    expect(sum('worklist_rows')).toBe(result.worklist.length);
    expect(sum('at_risk')).toBe(result.headline.atRisk);
    // The index's figures are the By commissioner breakdown's, group for group.
    for (const row of index) {
      const breakdown = result.summary.byCommissioner.find((entry: { key: string }) => entry.key === row['commissioner']);
      expect(Number(row['child_years'])).toBe(breakdown.childYears);
      expect(Number(row['owed_hours'])).toBe(breakdown.owedHours);
      expect(Number(row['required_hours'])).toBe(breakdown.requiredHours);
    }
  });

  it('leaves the outputs of a run without --split-by as they are, byte for byte', () => {
    for (const name of ['reconciliation.csv', 'shortfall.csv', 'worklist.csv', 'exceptions.csv', 'shortfall.xlsx', 'report.html']) {
      expect(readFileSync(join(out, name)).equals(readFileSync(fixture('example', 'expected', name))), name).toBe(true);
    }
  });

  it('lists every file of the folder in the manifest, which they match', async () => {
    expect(manifestNames(out)).toEqual(filesUnder(out).filter((name) => name !== 'manifest.json'));
    expect(await checkOutputFolder(out)).toEqual({ kind: 'whole' });
    const diff = runCli(['diff', out, out]);
    expect(diff.status).toBe(0);
  });
});

describe('--split-by commissioner on names no file system should be given as they are', () => {
  const key = 'a secret key of the council, long enough';
  const out = temporaryDir();
  const run = runCli(['reconcile', ...hostile, '--out', out, '--split-by', 'commissioner', '--pseudonymise', '--quiet'], { env: { EHCP_RECON_KEY: key } });
  const byCommissioner = join(out, 'by-commissioner');

  it('puts every group in a safe folder of its own, inside by-commissioner/', () => {
    expect(run.status).toBe(0);
    const index = csvRows(join(byCommissioner, 'index.csv'));
    const folders = new Map(index.map((row) => [row['commissioner'], row['folder']]));
    expect(folders).toEqual(
      new Map([
        ['..', expect.stringMatching(/^unnamed-[0-9a-f]{8}$/)],
        ['../x', expect.stringMatching(/^_x-[0-9a-f]{8}$/)],
        ['CON', expect.stringMatching(/^_CON-[0-9a-f]{8}$/)],
        ['LA', 'LA'],
        ['NORTH', expect.stringMatching(/^NORTH-[0-9a-f]{8}$/)],
        ['North', expect.stringMatching(/^North-[0-9a-f]{8}$/)],
        ['', 'unassigned'],
      ]),
    );
    expect(readdirSync(byCommissioner).sort()).toEqual([...folders.values(), 'index.csv'].sort());
    expect(new Set([...folders.values()].map((folder) => folder!.toLowerCase())).size).toBe(folders.size);
    // Nothing was written beside the output folder or above by-commissioner/.
    expect(readdirSync(out).sort()).toEqual(['by-commissioner', 'manifest.json', ...manifestNames(out).filter((name) => !name.includes('/'))].sort());
    // North's two child-years are in North's folder; NORTH's one in NORTH's.
    const childYearsOf = (value: string) =>
      csvRows(join(byCommissioner, folders.get(value)!, 'shortfall.csv')).map((row) => `${row['commissioner']} ${row['discipline']}`);
    expect(childYearsOf('North')).toEqual(['North OT', 'North OT']);
    expect(childYearsOf('NORTH')).toEqual(['NORTH SLT']);
    expect(childYearsOf('')).toEqual([' OT']);
  });

  it('writes no child ID of the inputs into any file, the workbooks unpacked', () => {
    const rawIds = readFileSync(fixture('split-hostile-names', 'plans.csv'), 'utf8').match(/Q\d{4}/g)!;
    expect(new Set(rawIds).size).toBe(7);
    const files = filesUnder(out);
    expect(files.filter((name) => name.startsWith('by-commissioner/')).length).toBe(7 * 3 + 1);
    for (const name of files) {
      const bytes = readFileSync(join(out, name));
      const texts = name.endsWith('.xlsx') ? [...unzip(bytes).values()].map((entry) => entry.text) : [bytes.toString('utf8')];
      for (const text of texts) for (const id of rawIds) expect(text.includes(id), `${id} in ${name}`).toBe(false);
    }
    const worklist = csvRows(join(out, 'worklist.csv')).map((row) => row['child_id']);
    const groupWorklists = csvRows(join(byCommissioner, 'LA', 'worklist.csv')).map((row) => row['child_id']);
    expect(groupWorklists).toHaveLength(1);
    expect(worklist).toContain(groupWorklists[0]);
    expect(groupWorklists[0]).toMatch(/^P[0-9a-f]{16}$/);
  });

  it('leaves no group of an earlier run behind: a rerun with fewer groups, then one without --split-by, removes them', async () => {
    const data = temporaryDir();
    const plans = readFileSync(fixture('split-hostile-names', 'plans.csv'), 'utf8')
      .split('\n')
      .filter((line) => !/,(\.\.\/x|NORTH|CON),commissioned/.test(line))
      .join('\n');
    writeFileSync(join(data, 'plans.csv'), plans);
    const fewer = ['--plans', join(data, 'plans.csv'), '--contacts', fixture('split-hostile-names', 'contacts.csv'), '--as-of', '2024-10-31'];
    const rerun = runCli(['reconcile', ...fewer, '--out', out, '--split-by', 'commissioner', '--pseudonymise', '--quiet'], { env: { EHCP_RECON_KEY: key } });
    expect(rerun.status).toBe(0);
    const index = csvRows(join(byCommissioner, 'index.csv'));
    expect(index.map((row) => row['commissioner'])).toEqual(['..', 'LA', 'North', '']);
    expect(readdirSync(byCommissioner).sort()).toEqual([...index.map((row) => row['folder']!), 'index.csv'].sort());
    expect(manifestNames(out)).toEqual(filesUnder(out).filter((name) => name !== 'manifest.json'));
    expect(await checkOutputFolder(out)).toEqual({ kind: 'whole' });

    const unsplit = runCli(['reconcile', ...fewer, '--out', out, '--pseudonymise', '--quiet'], { env: { EHCP_RECON_KEY: key } });
    expect(unsplit.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      ['exceptions.csv', 'manifest.json', 'reconciliation.csv', 'report.html', 'shortfall.csv', 'shortfall.xlsx', 'summary.json', 'worklist.csv'].sort(),
    );
  });
});

describe('--split-by at the command line', () => {
  it('needs --out, and says so in one sentence (exit 2)', () => {
    const run = runCli(['reconcile', ...example, '--split-by', 'provider']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('ehcp-recon: --split-by writes a folder for each group under --out: give --out DIR as well. See "ehcp-recon --help".\n');
  });

  it('takes commissioner, provider or locality only', () => {
    const run = runCli(['reconcile', ...example, '--out', temporaryDir(), '--split-by', 'school']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--split-by <field>' argument 'school' is invalid\. Allowed choices are commissioner, provider, locality/);
  });

  it('is read from a config file as splitBy, and shown in --help', () => {
    const folder = temporaryDir();
    writeFileSync(join(folder, 'monthly.json'), JSON.stringify({ splitBy: 'locality', out: 'runs/2026-03', asOf: '2026-03-31' }));
    const run = runCli(['reconcile', '--config', join(folder, 'monthly.json'), ...EXAMPLE_FILES, '--quiet']);
    expect(run.status).toBe(0);
    const localities = csvRows(join(folder, 'runs', '2026-03', 'by-locality', 'index.csv')).map((row) => row['locality']);
    expect(localities).toEqual(['Coastal', 'Eastgate', 'Northvale', 'Riverside', 'Town Centre', 'Westmoor']);
    const help = runCli(['reconcile', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('--split-by <field> also write, under --out, a folder for each commissioner, provider or locality');
  });
});
