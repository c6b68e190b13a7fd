// --out through the command line: private modes, --file-mode (and fileMode in a config file), the lock
// of a folder another run holds, and a read-only file system named as such (docs/output-folders.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, EXAMPLE_INPUTS, fixture, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

const example = EXAMPLE_INPUTS;
const OUTPUTS = ['exceptions.csv', 'manifest.json', 'reconciliation.csv', 'report.html', 'shortfall.csv', 'shortfall.xlsx', 'summary.json', 'worklist.csv'];

let umaskBefore: number;
beforeAll(() => {
  umaskBefore = process.umask(0o022);
});
afterAll(() => {
  process.umask(umaskBefore);
});

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('modes of what reconcile, validate and generate write', () => {
  it('reconcile: 0600 files in a 0700 folder by default, under umask 022', async () => {
    const root = temporaryDir();
    const run = await runInProcess(['reconcile', ...example, '--out', 'runs/2026-03', '--quiet', '--format', 'json'], { cwd: root });
    expect(run.status).toBe(0);
    expect(modeOf(join(root, 'runs'))).toBe(0o700);
    expect(modeOf(join(root, 'runs', '2026-03'))).toBe(0o700);
    expect(readdirSync(join(root, 'runs', '2026-03')).sort()).toEqual(OUTPUTS);
    for (const name of OUTPUTS) expect(modeOf(join(root, 'runs', '2026-03', name)), name).toBe(0o600);
  });

  it('--file-mode 640 on each command, and fileMode in a config file', async () => {
    const root = temporaryDir();
    expect((await runInProcess(['reconcile', ...example, '--out', 'team', '--file-mode', '640', '--quiet', '--format', 'json'], { cwd: root })).status).toBe(0);
    expect(modeOf(join(root, 'team'))).toBe(0o750);
    for (const name of OUTPUTS) expect(modeOf(join(root, 'team', name)), name).toBe(0o640);

    expect((await runInProcess(['validate', ...example, '--out', 'checked', '--file-mode', '0660', '--format', 'json'], { cwd: root })).status).toBe(0);
    expect(modeOf(join(root, 'checked'))).toBe(0o770);
    expect(modeOf(join(root, 'checked', 'exceptions.csv'))).toBe(0o660);

    expect((await runInProcess(['generate', '--children', '20', '--out', 'data', '--file-mode', '640', '--quiet'], { cwd: root })).status).toBe(0);
    expect(readdirSync(join(root, 'data')).sort()).toEqual(['contacts.csv', 'plans.csv']);
    for (const name of ['plans.csv', 'contacts.csv']) expect(modeOf(join(root, 'data', name)), name).toBe(0o640);
    expect((await runInProcess(['generate', '--children', '20', '--out', 'private-data', '--quiet'], { cwd: root })).status).toBe(0);
    expect(modeOf(join(root, 'private-data', 'plans.csv'))).toBe(0o600);

    writeFileSync(
      join(root, 'monthly.json'),
      JSON.stringify({
        plans: fixture('example', 'plans.csv'),
        contacts: fixture('example', 'contacts.csv'),
        mapping: fixture('example', 'mapping.json'),
        asOf: '2026-03-31',
        out: 'by-config',
        fileMode: '640',
        quiet: true,
        format: 'json',
      }),
    );
    expect((await runInProcess(['reconcile', '--config', 'monthly.json'], { cwd: root })).status).toBe(0);
    expect(modeOf(join(root, 'by-config', 'summary.json'))).toBe(0o640);
  });

  it('a rerun over 0600 files keeps them 0600 under --file-mode 640, and says so', async () => {
    const root = temporaryDir();
    expect((await runInProcess(['reconcile', ...example, '--out', 'out', '--quiet', '--format', 'json'], { cwd: root })).status).toBe(0);
    const rerun = await runInProcess(['reconcile', ...example, '--out', 'out', '--file-mode', '640', '--format', 'json'], { cwd: root });
    expect(rerun.status).toBe(0);
    for (const name of OUTPUTS) expect(modeOf(join(root, 'out', name)), name).toBe(0o600);
    expect(rerun.stderr).toContain('in out/ keep a narrower mode than the 0640 asked: a rerun never lets more people read a file than could before');
  });

  it('a bad --file-mode is exit 2 naming the option, on the command line and in a config file', async () => {
    const root = temporaryDir();
    const cases: [string, RegExp][] = [
      ['750', /option '--file-mode <octal>' argument '750' is invalid\. 0750 lets the files be run as programs/],
      ['440', /option '--file-mode <octal>' argument '440' is invalid\. 0440 does not let the owner read and write/],
      ['rw-r-----', /option '--file-mode <octal>' argument 'rw-r-----' is invalid\. expected three octal digits/],
    ];
    for (const [mode, message] of cases) {
      const run = await runInProcess(['reconcile', ...example, '--out', 'out', '--file-mode', mode], { cwd: root });
      expect(run.status, mode).toBe(2);
      expect(run.stderr, mode).toMatch(message);
    }
    writeFileSync(join(root, 'number.json'), JSON.stringify({ fileMode: 640 }));
    const asNumber = await runInProcess(['reconcile', '--config', 'number.json', ...example], { cwd: root });
    expect(asNumber.status).toBe(3);
    expect(asNumber.stderr).toMatch(/fileMode.*expected string/);
    expect(readdirSync(root)).toEqual(['number.json']);
  });
});

describe('a folder another run holds', () => {
  it('is refused with exit 2 before the inputs are read, naming the PID, and left as it was', async () => {
    const root = temporaryDir();
    const out = join(root, 'out');
    mkdirSync(out);
    const lock = JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: new Date().toISOString(), command: 'reconcile' });
    writeFileSync(join(out, '.ehcp-recon.lock'), lock);
    // A missing input would be exit 3 if it were read: the lock is taken first.
    const run = await runInProcess(['reconcile', '--plans', 'missing.csv', '--contacts', 'missing.csv', '--out', 'out'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `ehcp-recon: another ehcp-recon run (PID ${process.ppid}) is writing to out/: wait for it to finish, or give another --out. See "ehcp-recon --help".\n`,
    );
    expect(readdirSync(out)).toEqual(['.ehcp-recon.lock']);
  });
});

// A read-only file system of our own, in a mount namespace, where the machine lets us make one.
const canMountReadOnly = spawnSync('unshare', ['-r', '-m', 'sh', '-c', 'mount -t tmpfs -o ro none /mnt'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!canMountReadOnly)('a read-only file system', () => {
  it('is named as such for a new --out folder, not as a missing file', () => {
    const script = `mount -t tmpfs -o ro none /mnt && exec "$0" "$@"`;
    const run = spawnSync('unshare', ['-r', '-m', 'sh', '-c', script, process.execPath, BIN, 'reconcile', ...example, '--out', '/mnt/runs/2026-03'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'ehcp-recon: could not create the output folder /mnt/runs/2026-03/: the file system is read-only; choose another --out folder or fix this one. See "ehcp-recon --help".\n',
    );
  });
});
