// `diff` end to end: two real --out folders a month apart from the example data (built by the binary),
// compared in-process, with the expected children recomputed here straight from the two summary.json files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffCommand, type DiffRequest } from '../../src/cli/commands/diff.js';
import { decideExit } from '../../src/cli/exitStatus.js';
import { fixture, runCli, temporaryDir } from './cli.js';

interface JsonChildYear {
  childId: string;
  discipline: string;
  status: string;
  shortfallMinutes: number;
  planEnd: string | null;
}
interface JsonSummary {
  year: string;
  asOf: string;
  headline: Record<string, unknown>;
  childYears: JsonChildYear[];
  [key: string]: unknown;
}

const dir = temporaryDir('ehcp-recon-diff-');
const example = (name: string) => fixture('example', name);

function reconcile(out: string, ...args: string[]): void {
  const run = runCli([
    'reconcile',
    '--plans',
    example('plans.csv'),
    '--contacts',
    example('contacts.csv'),
    '--mapping',
    example('mapping.json'),
    ...args,
    '--out',
    join(dir, out),
    '--format',
    'json',
    '--quiet',
  ]);
  if (run.status !== 0) throw new Error(`reconcile ${out} exited ${run.status}: ${run.stderr}`);
}

function readSummary(name: string): JsonSummary {
  return JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8')) as JsonSummary;
}

/** A copy of a summary with some fields changed, as a person might hand-edit one. */
function writeEdited(name: string, from: JsonSummary, edit: Partial<JsonSummary>): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'summary.json'), JSON.stringify({ ...from, ...edit }));
}

interface DiffRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs diffCommand with a fake context, and maps a thrown error the way the CLI's entry point does. */
async function runDiff(
  request: Partial<DiffRequest> & Pick<DiffRequest, 'old' | 'new'>,
  options: { isTTY?: boolean; env?: Record<string, string> } = {},
): Promise<DiffRun> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.isTTY ?? false });
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const context = { argv: [], stdin: Readable.from([]), stdout, stderr, env: options.env ?? {}, cwd: dir };
  let status: number;
  try {
    status = await diffCommand({ tolerance: 0, force: false, format: 'json', color: true, ...request }, context);
  } catch (error) {
    const decision = decideExit(error);
    stderr.write(`ehcp-recon: ${decision.message}\n`);
    status = decision.status;
  }
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The definitions of docs/operations.md#comparing-months, written out again independently of src/diff. */
function expectedLists(older: JsonSummary, newer: JsonSummary, tolerance: number) {
  const keyOf = (row: JsonChildYear) => `${row.childId}/${row.discipline}`;
  const oldRows = new Map(older.childYears.map((row) => [keyOf(row), row]));
  const newRows = new Map(newer.childYears.map((row) => [keyOf(row), row]));
  const isShort = (row: JsonChildYear | undefined) => row?.status === 'shortfall' || row?.status === 'no-contact';
  const keys = [...new Set([...oldRows.keys(), ...newRows.keys()])].sort();
  const lists = { entered: [] as string[], left: [] as string[], worsened: [] as string[], improved: [] as string[] };
  for (const key of keys) {
    const before = oldRows.get(key);
    const after = newRows.get(key);
    if (isShort(after) && !isShort(before)) lists.entered.push(key);
    if (isShort(before) && !isShort(after)) {
      const ended = after === undefined || (after.planEnd !== null && after.planEnd <= newer.asOf);
      lists.left.push(`${key} ${ended ? 'plan-ended' : 'delivered'}`);
    }
    if (isShort(before) && isShort(after)) {
      const change = after!.shortfallMinutes - before!.shortfallMinutes;
      if (change > tolerance) lists.worsened.push(key);
      if (change < -tolerance) lists.improved.push(key);
    }
  }
  return lists;
}

interface JsonChange {
  childId: string;
  discipline: string;
  reason: string | null;
}

function listsOf(json: Record<'entered' | 'left' | 'worsened' | 'improved', JsonChange[]>) {
  const keys = (rows: JsonChange[]) => rows.map((row) => `${row.childId}/${row.discipline}`).sort();
  return {
    entered: keys(json.entered),
    left: json.left.map((row) => `${row.childId}/${row.discipline} ${row.reason}`).sort(),
    worsened: keys(json.worsened),
    improved: keys(json.improved),
  };
}

let february: JsonSummary;
let march: JsonSummary;

beforeAll(() => {
  reconcile('A', '--as-of', '2026-02-28');
  reconcile('B', '--as-of', '2026-03-31');
  reconcile('other-year', '--year', '2024/25', '--as-of', '2025-07-31');
  reconcile('ot-only', '--discipline', 'OT', '--as-of', '2026-03-31');
  february = readSummary('A');
  march = readSummary('B');
});

describe('diff of two --out folders a month apart', () => {
  it('lists the children the definitions give, recomputed from the two summary.json files', async () => {
    const run = await runDiff({ old: 'A', new: 'B' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(json.old).toEqual({ year: '2025/26', asOf: '2026-02-28', file: join('A', 'summary.json'), warnings: [] });
    expect(json.new).toEqual({ year: '2025/26', asOf: '2026-03-31', file: join('B', 'summary.json'), warnings: [] });
    const expected = expectedLists(february, march, 0);
    expect(listsOf(json)).toEqual(expected);
    // The example data moves in every direction, so each list is exercised, not vacuously equal.
    for (const list of Object.values(expected)) expect(list.length).toBeGreaterThan(0);
  });

  it('gives each headline figure its old and new values and the change', async () => {
    const json = JSON.parse((await runDiff({ old: 'A', new: 'B' })).stdout) as { headline: { figure: string; old: number; new: number; change: number }[] };
    const numeric = Object.keys(february.headline).filter((key) => typeof february.headline[key] === 'number');
    expect(json.headline.map((row) => row.figure)).toEqual(numeric);
    for (const row of json.headline) {
      expect(row.old).toBe(february.headline[row.figure]);
      expect(row.new).toBe(march.headline[row.figure]);
      expect(row.change).toBeCloseTo(row.new - row.old, 6);
    }
  });

  it('leaves moves within --tolerance out of worsened and improved', async () => {
    const json = JSON.parse((await runDiff({ old: 'A', new: 'B', tolerance: 120 })).stdout);
    const expected = expectedLists(february, march, 120);
    expect(listsOf(json)).toEqual(expected);
    expect(expected.worsened.length + expected.improved.length).toBeLessThan(
      expectedLists(february, march, 0).worsened.length + expectedLists(february, march, 0).improved.length,
    );
  });

  it('reads summary.json paths as well as folders', async () => {
    const byFolder = await runDiff({ old: 'A', new: 'B', format: 'csv' });
    const byFile = await runDiff({ old: join('A', 'summary.json'), new: join('B', 'summary.json'), format: 'csv' });
    expect(byFile.status).toBe(0);
    expect(byFile.stdout).toBe(byFolder.stdout);
  });

  it('csv has one row per child change', async () => {
    const run = await runDiff({ old: 'A', new: 'B', format: 'csv' });
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    const expected = expectedLists(february, march, 0);
    const count = (change: string) => rows.filter((row) => row.change === change).length;
    expect([count('entered'), count('left'), count('worsened'), count('improved')]).toEqual([
      expected.entered.length,
      expected.left.length,
      expected.worsened.length,
      expected.improved.length,
    ]);
  });

  it('table and md render the same counts; colour only on a terminal without NO_COLOR', async () => {
    const expected = expectedLists(february, march, 0);
    const table = await runDiff({ old: 'A', new: 'B', format: 'table' });
    expect(table.stdout).toContain(`${expected.entered.length} child-years entered shortfall`);
    expect(table.stdout).toContain(`Worsened (${expected.worsened.length})`);
    expect(table.stdout).not.toMatch(/\u001b\[/);
    expect((await runDiff({ old: 'A', new: 'B', format: 'table' }, { isTTY: true })).stdout).toMatch(/\u001b\[/);
    expect((await runDiff({ old: 'A', new: 'B', format: 'table' }, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runDiff({ old: 'A', new: 'B', format: 'table', color: false }, { isTTY: true })).stdout).not.toMatch(/\u001b\[/);
    const md = await runDiff({ old: 'A', new: 'B', format: 'md' });
    expect(md.stdout).toContain(`## Improved (${expected.improved.length})`);
  });

  it('puts a child-year that has gone, or whose plan has ended, down to the plan ending', async () => {
    const left = expectedLists(february, march, 0).left.map((entry) => entry.split(' ')[0]!);
    const [goneKey, endedKey] = left;
    const edited = march.childYears
      .filter((row) => `${row.childId}/${row.discipline}` !== goneKey)
      .map((row) => (`${row.childId}/${row.discipline}` === endedKey ? { ...row, planEnd: march.asOf } : row));
    writeEdited('B-edited', march, { childYears: edited });
    const json = JSON.parse((await runDiff({ old: 'A', new: 'B-edited' })).stdout) as { left: (JsonChange & { newStatus: string | null })[] };
    const reasons = Object.fromEntries(json.left.map((row) => [`${row.childId}/${row.discipline}`, row]));
    expect(reasons[goneKey!]).toMatchObject({ reason: 'plan-ended', newStatus: null });
    expect(reasons[endedKey!]).toMatchObject({ reason: 'plan-ended', newStatus: 'met' });
    expect(json.left.filter((row) => row.reason === 'delivered')).toHaveLength(left.length - 2);
  });
});

describe('diff refusals', () => {
  it('refuses two different years with exit 2, naming both files, unless --force', async () => {
    const run = await runDiff({ old: 'other-year', new: 'B' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`"${join('other-year', 'summary.json')}"`);
    expect(run.stderr).toContain(`"${join('B', 'summary.json')}"`);
    expect(run.stderr).toMatch(/2024\/25.*2025\/26/);
    expect(run.stderr).toContain('--force');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runDiff({ old: 'other-year', new: 'B', force: true })).status).toBe(0);
  });

  it('refuses a --discipline OT run against an all-disciplines run unless --force', async () => {
    const run = await runDiff({ old: 'A', new: 'ot-only' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('different disciplines (OT, PT, SLT in');
    expect((await runDiff({ old: 'A', new: 'ot-only', force: true })).status).toBe(0);
  });

  it('always refuses different pseudonymisation keys, and pseudonymised against raw', async () => {
    writeEdited('key-a', february, { pseudonymisation: { keyFingerprint: '5f1e0a' } });
    writeEdited('key-b', march, { pseudonymisation: { keyFingerprint: '9c44d2' } });
    writeEdited('key-a-too', march, { pseudonymisation: { keyFingerprint: '5f1e0a' } });
    writeEdited('raw-explicit', march, { pseudonymisation: null });

    const keys = await runDiff({ old: 'key-a', new: 'key-b', force: true });
    expect(keys.status).toBe(2);
    expect(keys.stderr).toContain('5f1e0a');
    expect(keys.stderr).toContain('9c44d2');
    expect(keys.stderr).toContain('--force does not override this');

    const mixed = await runDiff({ old: 'A', new: 'key-a-too', force: true });
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('raw child IDs');

    expect((await runDiff({ old: 'key-a', new: 'key-a-too' })).status).toBe(0);
    expect((await runDiff({ old: 'A', new: 'raw-explicit' })).status).toBe(0);
  });
});

describe('diff inputs that cannot be used', () => {
  it('exits 3 naming the file: missing, a folder without summary.json, not JSON, not a summary', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1, "year": ');
    const cases: [string, RegExp][] = [
      ['nowhere', /cannot read the OLD summary "nowhere": no such file/],
      ['empty', /"empty\/summary.json": the folder has no summary.json/],
      ['broken.json', /"broken.json" is not valid JSON/],
      [example('mapping.json'), /mapping.json" is not an ehcp-recon summary/],
    ];
    for (const [path, message] of cases) {
      const run = await runDiff({ old: path, new: 'B' });
      expect(run.status, path).toBe(3);
      expect(run.stderr, path).toMatch(message);
    }
  });

  it('exits 2 for a negative tolerance', async () => {
    expect((await runDiff({ old: 'A', new: 'B', tolerance: -5 })).status).toBe(2);
  });
});

describe('diff of a run whose headline may be wrong', () => {
  // The same export read twice: with --ids nhs-number the files join; without it most contacts are
  // unknown-child and the run warns. A change between the two comes from the data, not from delivery.
  beforeAll(() => {
    for (const [out, ids] of [
      ['joined', ['--ids', 'nhs-number']],
      ['unjoined', []],
    ] as const) {
      const run = runCli([
        'reconcile',
        '--plans',
        fixture('health-nhs-spaces', 'plans.csv'),
        '--contacts',
        fixture('health-nhs-spaces', 'contacts.csv'),
        '--as-of',
        '2026-03-31',
        ...ids,
        '--out',
        join(dir, out),
        '--quiet',
      ]);
      if (run.status !== 0) throw new Error(`reconcile ${out} exited ${run.status}: ${run.stderr}`);
    }
  });

  it("carries either run's warnings, and every format says so", async () => {
    const json = JSON.parse((await runDiff({ old: 'joined', new: 'unjoined' })).stdout);
    expect(json.old.warnings).toEqual([]);
    expect(json.new.warnings.map((warning: { code: string }) => warning.code)).toContain('ids-do-not-join');
    const table = await runDiff({ old: 'joined', new: 'unjoined', format: 'table' });
    expect(table.stdout).toMatch(/Check before use: (a run-health warning|\d+ run-health warnings)/);
    expect(table.stdout).toContain('The new run (as of 2026-03-31) warned: ');
    expect(table.stdout).toContain('use --ids nhs-number');
    const markdown = await runDiff({ old: 'joined', new: 'unjoined', format: 'md' });
    expect(markdown.stdout).toMatch(/^> \*\*Check before use/m);
    for (const format of ['csv', 'json'] as const) {
      const run = await runDiff({ old: 'joined', new: 'unjoined', format });
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/^ehcp-recon: warning: Check before use/);
      expect(run.stderr).toContain('ehcp-recon: warning: The new run (as of 2026-03-31) warned: ');
    }
    // The other way round, the old run is the one that warned.
    expect((await runDiff({ old: 'unjoined', new: 'joined', format: 'table' })).stdout).toContain('The old run (as of 2026-03-31) warned: ');
  });
});
