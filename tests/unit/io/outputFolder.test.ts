// Output folders: the lock, the leftovers of dead runs, the modes of what is written, and the sizes and
// hashes reported for the manifest (docs/output-folders.md).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { openOutputFolder, temporaryFilesInFlight, writeFilesAtomically, type WrittenOutput } from '../../../src/io/atomicFiles.js';
import { folderModeFor, readFileMode, replacementMode } from '../../../src/io/fileModes.js';
import { temporaryNameFor, temporaryOwner } from '../../../src/io/folderEntries.js';

let root: string;
let umaskBefore: number;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-folder-'));
  // The umask of most desktops and servers: without care, files come out 0644 and folders 0755.
  umaskBefore = process.umask(0o022);
});

afterEach(() => {
  process.umask(umaskBefore);
  rmSync(root, { recursive: true, force: true });
});

/** A PID that was running a moment ago and has exited (and been reaped): a dead run's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8' });
  expect(child.status).toBe(0);
  return child.pid!;
}

function lockText(pid: number, host = hostname()): string {
  return `${JSON.stringify({ pid, host, startedAt: '2026-03-31T09:00:00.000Z', command: 'reconcile', token: 'feed' })}\n`;
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('the lock of an output folder', () => {
  it('refuses a folder whose lock a live run holds, naming its PID, and leaves the lock alone', async () => {
    const out = join(root, 'out');
    mkdirSync(out);
    // The test runner's parent is alive for as long as this test runs.
    writeFileSync(join(out, '.ehcp-recon.lock'), lockText(process.ppid));
    const error = await openOutputFolder(out, { shownAs: 'out/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`another ehcp-recon run (PID ${process.ppid}) is writing to out/: wait for it to finish, or give another --out`);
    expect(readFileSync(join(out, '.ehcp-recon.lock'), 'utf8')).toBe(lockText(process.ppid));
  });

  it('refuses a second run of this very process, and takes the lock once the first has released it', async () => {
    const first = await openOutputFolder(root, { shownAs: 'runs' });
    const error = await openOutputFolder(root, { shownAs: 'runs' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`another ehcp-recon run (PID ${process.pid}) is writing to runs/`);
    first.release();
    expect(readdirSync(root)).toEqual([]);
    const second = await openOutputFolder(root);
    expect(JSON.parse(readFileSync(join(root, '.ehcp-recon.lock'), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    second.release();
  });

  it('takes over the lock of a dead run, and says so', async () => {
    const dead = deadPid();
    writeFileSync(join(root, '.ehcp-recon.lock'), lockText(dead));
    const notes: string[] = [];
    const folder = await openOutputFolder(root, { shownAs: 'out', onNote: (note) => notes.push(note) });
    expect(folder.interruptedRun).toEqual({ pids: [dead], removedFiles: 0, removedBytes: 0, isIncomplete: false });
    expect(notes).toEqual([`the previous run into out/ was interrupted (PID ${dead}); it left no temporary files`]);
    expect(JSON.parse(readFileSync(join(root, '.ehcp-recon.lock'), 'utf8')).pid).toBe(process.pid);
    folder.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('never takes over the lock of a run on another host, and says which file to delete if none is running', async () => {
    writeFileSync(join(root, '.ehcp-recon.lock'), lockText(deadPid(), 'another-host.example'));
    const error = await openOutputFolder(root, { shownAs: 'out' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^another ehcp-recon run \(PID \d+ on another-host\.example\) is writing to out\/: .*delete .*\.ehcp-recon\.lock\)$/,
    );
  });

  it('treats a lock that names no run as held while it is new, and as stale once it is old', async () => {
    const lock = join(root, '.ehcp-recon.lock');
    writeFileSync(lock, '');
    expect(((await openOutputFolder(root, { shownAs: 'out' }).catch((e: unknown) => e)) as Error).message).toBe(
      'another ehcp-recon run is starting to write to out/: wait for it to finish, or give another --out',
    );
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const folder = await openOutputFolder(root);
    expect(folder.interruptedRun?.pids).toEqual([]);
    folder.release();
  });

  it('of many runs opening one stale folder at once, exactly one gets it', async () => {
    writeFileSync(join(root, '.ehcp-recon.lock'), lockText(deadPid()));
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => openOutputFolder(root)));
    const opened = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(opened).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(String(outcome.reason)).toContain(`(PID ${process.pid})`);
    (opened[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof openOutputFolder>>>).value.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('is released after a write that succeeds and after one that fails', async () => {
    await writeFilesAtomically(root, [{ name: 'a.csv', content: 'a\n' }]);
    expect(readdirSync(root)).toEqual(['a.csv']);
    function* failing(): Generator<string> {
      yield 'half a row';
      throw new Error('a bug while making the rows');
    }
    await expect(writeFilesAtomically(root, [{ name: 'b.csv', content: failing() }])).rejects.toThrow('a bug while making the rows');
    expect(readdirSync(root)).toEqual(['a.csv']);
    expect(temporaryFilesInFlight()).toEqual([]);
  });

  it('removes the folder it made when the run puts nothing in it, and keeps one that was there', async () => {
    const made = await openOutputFolder(join(root, 'runs', '2026-03'));
    expect(existsSync(join(root, 'runs', '2026-03', '.ehcp-recon.lock'))).toBe(true);
    made.release();
    expect(readdirSync(root)).toEqual([]);
    const existing = await openOutputFolder(root);
    existing.release();
    expect(existsSync(root)).toBe(true);
  });
});

describe('leftovers of dead runs', () => {
  it("are removed on opening, ours only, live runs' kept, and counted in the note", async () => {
    const dead = deadPid();
    const leftovers = {
      [temporaryNameFor('summary.json', dead)]: 'x'.repeat(3000),
      // A temporary of a version before the lock, named after its file.
      [`.worklist.csv.tmp-${dead}-0123456789ab`]: 'y'.repeat(500),
    };
    const kept = {
      [temporaryNameFor('report.html', process.ppid)]: 'a live run is writing this',
      '.notes.tmp': "the user's own",
      'summary.json': 'last month',
    };
    for (const [name, text] of Object.entries({ ...leftovers, ...kept })) writeFileSync(join(root, name), text);
    const notes: string[] = [];
    const folder = await openOutputFolder(root, { shownAs: 'out/', onNote: (note) => notes.push(note) });
    expect(folder.interruptedRun).toEqual({ pids: [dead], removedFiles: 2, removedBytes: 3500, isIncomplete: false });
    expect(notes).toEqual([`the previous run into out/ was interrupted (PID ${dead}); its leftovers were removed (2 temporary files, 3.5 kB)`]);
    expect(readdirSync(root).sort()).toEqual(['.ehcp-recon.lock', ...Object.keys(kept)].sort());
    folder.release();
  });

  it('include the temporaries of the dead holder of the lock, even if its PID now runs something else', async () => {
    // The PID of the lock is taken to be dead (the lock says so); a reused PID would look alive.
    const stale = deadPid();
    writeFileSync(join(root, '.ehcp-recon.lock'), lockText(stale));
    writeFileSync(join(root, temporaryNameFor('summary.json', stale)), '{');
    const folder = await openOutputFolder(root);
    expect(folder.interruptedRun).toMatchObject({ pids: [stale], removedFiles: 1 });
    expect(readdirSync(root)).toEqual(['.ehcp-recon.lock']);
    folder.release();
  });

  it('an incomplete mark is reported but kept until a whole set is put in place', async () => {
    const dead = deadPid();
    writeFileSync(join(root, '.ehcp-recon.incomplete'), lockText(dead));
    const notes: string[] = [];
    const folder = await openOutputFolder(root, { shownAs: 'out', onNote: (note) => notes.push(note) });
    expect(notes[0]).toContain(`(PID ${dead}); it left no temporary files; the files in out/ are an incomplete set until this run puts its own in place`);
    folder.release();
    expect(readdirSync(root)).toEqual(['.ehcp-recon.incomplete']);
    await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}' }], { manifest: () => '{}\n' });
    expect(readdirSync(root).sort()).toEqual(['manifest.json', 'summary.json']);
  });

  it('temporary names are recognised by their owner', () => {
    expect(temporaryOwner(temporaryNameFor('reconciliation.csv', 4321))).toBe(4321);
    expect(temporaryOwner('.summary.json.tmp-99-0123456789ab')).toBe(99);
    expect(temporaryOwner('.ehcp-recon.lock')).toBeUndefined();
    expect(temporaryOwner('summary.json')).toBeUndefined();
    expect(temporaryOwner('.ehcp-recon-12-xyz-a.tmp')).toBeUndefined();
  });
});

describe('modes: private by default, never wider than before', () => {
  it('makes files 0600 and the folders it makes 0700 under umask 022', async () => {
    const out = join(root, 'runs', '2026-03');
    await writeFilesAtomically(
      out,
      [
        { name: 'summary.json', content: '{}' },
        { name: 'reconciliation.csv', content: ['a,b\n'] },
      ],
      { manifest: () => '{}\n' },
    );
    expect(modeOf(join(root, 'runs'))).toBe(0o700);
    expect(modeOf(out)).toBe(0o700);
    for (const name of ['summary.json', 'reconciliation.csv', 'manifest.json']) expect(modeOf(join(out, name)), name).toBe(0o600);
  });

  it('--file-mode 640 gives 0640 files in a 0750 folder, and leaves the mode of a folder that was there', async () => {
    const out = join(root, 'team');
    await writeFilesAtomically(out, [{ name: 'worklist.csv', content: 'w\n' }], { fileMode: 0o640 });
    expect(modeOf(out)).toBe(0o750);
    expect(modeOf(join(out, 'worklist.csv'))).toBe(0o640);
    expect(modeOf(root)).toBe(0o700);
    await writeFilesAtomically(root, [{ name: 'worklist.csv', content: 'w\n' }], { fileMode: 0o640 });
    expect(modeOf(root)).toBe(0o700);
  });

  it('a rerun keeps a 0600 file 0600 under --file-mode 640, and says so', async () => {
    writeFileSync(join(root, 'summary.json'), 'old', { mode: 0o600 });
    writeFileSync(join(root, 'report.html'), 'old', { mode: 0o644 });
    const notes: string[] = [];
    await writeFilesAtomically(
      root,
      [
        { name: 'summary.json', content: 'new' },
        { name: 'report.html', content: 'new' },
        { name: 'worklist.csv', content: 'new' },
      ],
      {
        fileMode: 0o640,
        shownAs: 'out',
        onNote: (note) => notes.push(note),
      },
    );
    expect(modeOf(join(root, 'summary.json'))).toBe(0o600);
    expect(modeOf(join(root, 'report.html'))).toBe(0o640);
    expect(modeOf(join(root, 'worklist.csv'))).toBe(0o640);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe('new');
    expect(notes).toEqual([
      'summary.json (0600) in out/ keeps a narrower mode than the 0640 asked: a rerun never lets more people read a file than could before; change it with chmod if that is what you want',
    ]);
  });

  it('a rerun makes an older world-readable 0644 file 0600', async () => {
    writeFileSync(join(root, 'summary.json'), 'old', { mode: 0o644 });
    await writeFilesAtomically(root, [{ name: 'summary.json', content: 'new' }]);
    expect(modeOf(join(root, 'summary.json'))).toBe(0o600);
  });

  it('reads --file-mode values: octal digits, no execute bits, read and write for the owner', () => {
    expect(readFileMode('640')).toEqual({ mode: 0o640 });
    expect(readFileMode('0640')).toEqual({ mode: 0o640 });
    expect(readFileMode('600')).toEqual({ mode: 0o600 });
    expect(readFileMode('660')).toEqual({ mode: 0o660 });
    for (const text of ['', '64', '6400', '01640', '680', 'rw-r-----', '0x1a0', '-640']) {
      expect(readFileMode(text), text).toEqual({ problem: 'expected three octal digits such as 600 or 640' });
    }
    expect(readFileMode('750')).toEqual({ problem: expect.stringMatching(/^0750 lets the files be run as programs/) });
    expect(readFileMode('641')).toEqual({ problem: expect.stringMatching(/^0641 lets the files be run/) });
    expect(readFileMode('440')).toEqual({ problem: expect.stringMatching(/^0440 does not let the owner read and write/) });
    expect(readFileMode('240')).toEqual({ problem: expect.stringMatching(/does not let the owner read and write/) });
  });

  it('gives a folder search permission wherever its files can be read', () => {
    expect(folderModeFor(0o600)).toBe(0o700);
    expect(folderModeFor(0o640)).toBe(0o750);
    expect(folderModeFor(0o660)).toBe(0o770);
    expect(folderModeFor(0o644)).toBe(0o755);
    expect(folderModeFor(0o620)).toBe(0o720);
  });

  it('narrows to the file replaced, never widens', () => {
    expect(replacementMode(0o640, undefined)).toBe(0o640);
    expect(replacementMode(0o640, 0o600)).toBe(0o600);
    expect(replacementMode(0o600, 0o644)).toBe(0o600);
    expect(replacementMode(0o640, 0o660)).toBe(0o640);
    expect(replacementMode(0o660, 0o604)).toBe(0o600);
  });
});

describe('sizes and hashes for the manifest', () => {
  it('are those of the bytes on disk, for every kind of content, and the manifest is made from them', async () => {
    async function* zipLike(): AsyncGenerator<string | Uint8Array> {
      yield Uint8Array.of(0x50, 0x4b, 3, 4);
      yield 'Zoë £\n';
      yield new Uint8Array(3 << 20).fill(7);
      yield '😀'.repeat(100_000);
      yield new Uint8Array(10).fill(255);
    }
    let listed: readonly WrittenOutput[] = [];
    const written = await writeFilesAtomically(
      root,
      [
        { name: 'summary.json', content: '{"headline":"Zoë £"}\n' },
        { name: 'bytes.bin', content: Uint8Array.of(0, 1, 255) },
        { name: 'rows.csv', content: Array.from({ length: 50_000 }, (_, i) => `C${i},Zoë £ ${'x'.repeat(i % 40)}\n`) },
        { name: 'workbook.xlsx', content: zipLike() },
        { name: 'empty.csv', content: [] },
      ],
      {
        manifest: (outputs) => {
          listed = outputs;
          return `${JSON.stringify({ outputs })}\n`;
        },
      },
    );
    expect(written.map((output) => output.name)).toEqual(['summary.json', 'bytes.bin', 'rows.csv', 'workbook.xlsx', 'empty.csv']);
    for (const output of written) {
      const bytes = readFileSync(join(root, output.name));
      expect({ name: output.name, bytes: output.bytes, sha256: output.sha256 }).toEqual({ name: output.name, bytes: bytes.length, sha256: sha256(bytes) });
    }
    expect(written.find((output) => output.name === 'workbook.xlsx')!.bytes).toBe(4 + Buffer.byteLength('Zoë £\n') + (3 << 20) + 400_000 + 10);
    expect(listed).toEqual(written);
    expect(JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')).outputs).toEqual(written);
    expect(readdirSync(root).sort()).toEqual(['bytes.bin', 'empty.csv', 'manifest.json', 'rows.csv', 'summary.json', 'workbook.xlsx']);
  });

  it('keep names the tool uses for itself out of the outputs', async () => {
    await expect(writeFilesAtomically(root, [{ name: '.ehcp-recon.lock', content: '' }])).rejects.toThrow(/keeps for itself/);
    await expect(writeFilesAtomically(root, [{ name: 'manifest.json', content: '' }], { manifest: () => '' })).rejects.toThrow(/listed twice/);
  });
});

describe('a team folder', () => {
  it('a folder made inside a setgid folder keeps the bit, so that its files belong to the team', async () => {
    const team = join(root, 'team');
    mkdirSync(team);
    chmodSync(team, 0o2770);
    expect(statSync(team).mode & 0o7777).toBe(0o2770);
    await writeFilesAtomically(join(team, '2026-03'), [{ name: 'summary.json', content: '{}' }], { fileMode: 0o640 });
    expect(statSync(join(team, '2026-03')).mode & 0o7777).toBe(0o2750);
    expect(modeOf(join(team, '2026-03', 'summary.json'))).toBe(0o640);
    expect(statSync(join(team, '2026-03', 'summary.json')).gid).toBe(statSync(team).gid);
  });
});

describe('files staged for a writer of its own (generate)', () => {
  it('are put in place with their mode, or abandoned with the cause named', async () => {
    const folder = await openOutputFolder(root, { shownAs: 'data', fileMode: 0o640 });
    const staged = await folder.stage(['plans.csv', 'contacts.csv']);
    for (const name of ['plans.csv', 'contacts.csv']) writeFileSync(staged.temporaryOf(name), `${name}\n`, { flag: 'wx', mode: 0o600 });
    await staged.putInPlace();
    expect(readdirSync(root).sort()).toEqual(['.ehcp-recon.lock', 'contacts.csv', 'plans.csv']);
    expect(modeOf(join(root, 'plans.csv'))).toBe(0o640);

    const again = await folder.stage(['plans.csv']);
    writeFileSync(again.temporaryOf('plans.csv'), 'half');
    const failure = await again.abandon(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toBe('could not write the output files to data/: the disk is full; choose another --out folder or fix this one');
    const bug = new Error('a bug in the generator');
    expect(await (await folder.stage(['contacts.csv'])).abandon(bug)).toBe(bug);
    folder.release();
    expect(readdirSync(root).sort()).toEqual(['contacts.csv', 'plans.csv']);
    expect(readFileSync(join(root, 'plans.csv'), 'utf8')).toBe('plans.csv\n');
  });
});
