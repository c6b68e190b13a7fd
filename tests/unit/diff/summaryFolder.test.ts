// What diff says of a folder that is not one run's whole set: refused (exit 3), naming the file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderVerdict } from '../../../src/diff/summaryFolder.js';
import { runInProcess } from '../../e2e/inProcess.js';
import { EXAMPLE_FILES } from '../../e2e/cli.js';

describe('folderVerdict', () => {
  it('compares a whole set quietly, and a folder without a manifest with a note', () => {
    expect(folderVerdict({ kind: 'whole' }, 'out', true)).toEqual({ note: undefined });
    expect(folderVerdict({ kind: 'no-manifest' }, 'out', true)).toEqual({
      note: 'out/ has no manifest.json (written by an older ehcp-recon, or put together by hand), so its files could not be checked',
    });
    // A summary.json named by itself is often a copy: no note.
    expect(folderVerdict({ kind: 'no-manifest' }, 'out', false)).toEqual({ note: undefined });
    expect(folderVerdict({ kind: 'unchecked' }, 'out', true)).toEqual({
      note: 'out/manifest.json was written by an older ehcp-recon and lists no checksums, so the files in out/ could not be checked',
    });
  });

  it('refuses a changed, missing or unlisted file, naming it', () => {
    expect(folderVerdict({ kind: 'mismatch', name: 'summary.json', mismatch: 'content' }, 'out', true)).toEqual({
      refusal: 'out/summary.json does not match out/manifest.json (a run was stopped while writing, or a file was changed by hand): run reconcile again',
    });
    expect(folderVerdict({ kind: 'mismatch', name: 'report.html', mismatch: 'missing' }, 'runs/2026-03', true)).toEqual({
      refusal:
        'runs/2026-03/report.html is listed in runs/2026-03/manifest.json but missing (a run was stopped while writing, or a file was removed by hand): run reconcile again',
    });
  });

  it('refuses an interrupted folder, and one being written now', () => {
    expect(folderVerdict({ kind: 'incomplete', pid: 77, isRunning: false }, 'out', true)).toEqual({
      refusal: 'out/ holds an incomplete set of files: the run into it (PID 77) was stopped while putting them in place; run reconcile again',
    });
    expect(folderVerdict({ kind: 'incomplete', pid: 78, isRunning: true }, 'out/', true)).toEqual({
      refusal: 'a run (PID 78) is putting its files in place in out/ right now: wait for it to finish',
    });
  });
});

describe('diff of --out folders that are not whole', () => {
  let root: string;
  const example = EXAMPLE_FILES;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ehcp-diff-folder-'));
    for (const [name, asOf] of [
      ['feb', '2026-02-28'],
      ['mar', '2026-03-31'],
    ] as const) {
      const run = await runInProcess(['reconcile', ...example, '--as-of', asOf, '--out', name, '--quiet', '--format', 'json'], { cwd: root });
      expect(run.status).toBe(0);
    }
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('compares two whole folders, and refuses one with a file changed by hand (exit 3), naming it', async () => {
    expect((await runInProcess(['diff', 'feb', 'mar', '--format', 'json'], { cwd: root })).status).toBe(0);
    const summary = join(root, 'mar', 'summary.json');
    const original = readFileSync(summary);
    // One figure changed: the size stays the same, the hash does not.
    writeFileSync(summary, original.toString('utf8').replace('"asOf": "2026-03-31"', '"asOf": "2026-03-30"'));
    const tampered = await runInProcess(['diff', 'feb', 'mar'], { cwd: root });
    expect(tampered.status).toBe(3);
    expect(tampered.stdout).toBe('');
    expect(tampered.stderr).toBe(
      'ehcp-recon: cannot use the NEW summary: mar/summary.json does not match mar/manifest.json (a run was stopped while writing, or a file was changed by hand): run reconcile again\n',
    );
    // Named directly, the summary.json is checked against its folder too.
    expect((await runInProcess(['diff', 'feb/summary.json', 'mar/summary.json'], { cwd: root })).status).toBe(3);
    writeFileSync(summary, original);
    expect((await runInProcess(['diff', 'feb', 'mar', '--format', 'json'], { cwd: root })).status).toBe(0);
  });

  it('refuses a folder a run was stopped in while putting its files in place (exit 3)', async () => {
    const folder = join(root, 'stopped');
    mkdirSync(folder);
    for (const name of ['summary.json', 'reconciliation.csv']) writeFileSync(join(folder, name), readFileSync(join(root, 'mar', name)));
    writeFileSync(join(folder, '.ehcp-recon.incomplete'), JSON.stringify({ pid: 4242, host: hostname(), startedAt: '2026-03-31T09:00:00Z' }));
    const run = await runInProcess(['diff', 'feb', 'stopped'], { cwd: root });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      'stopped/ holds an incomplete set of files: the run into it (PID 4242) was stopped while putting them in place; run reconcile again',
    );
    // Without the mark it is a folder from before manifests: compared, with a note.
    unlinkSync(join(folder, '.ehcp-recon.incomplete'));
    const old = await runInProcess(['diff', 'feb', 'stopped', '--format', 'json'], { cwd: root });
    expect(old.status).toBe(0);
    expect(old.stderr).toBe(
      'ehcp-recon: note: stopped/ has no manifest.json (written by an older ehcp-recon, or put together by hand), so its files could not be checked\n',
    );
    expect(JSON.parse(old.stdout).new.asOf).toBe('2026-03-31');
  });
});
