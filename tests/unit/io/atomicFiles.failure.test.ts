// Failures halfway through an atomic write, made on purpose by wrapping node:fs/promises.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const faults = vi.hoisted(() => ({
  /** Fail the write of the file whose temporary name contains this. */
  failWriteOf: undefined as string | undefined,
  /** Fail the flush to disk of the file whose temporary name contains this. */
  failSyncOf: undefined as string | undefined,
  /** Hold every rename until released. */
  holdRenames: undefined as Promise<void> | undefined,
  /** Hold every flush to disk until released. */
  holdSyncs: undefined as Promise<void> | undefined,
  /** Renames asked for so far. */
  renamesBegun: 0,
  /** Fail making a folder whose path contains this, with this code (as a file system would). */
  failMkdir: undefined as { readonly under: string; readonly code: string } | undefined,
  /** Fail creating a file whose path contains this, with this code. */
  failCreate: undefined as { readonly of: string; readonly code: string } | undefined,
  /** Fail every hard link with this code, as a file system without them does. */
  failLink: undefined as string | undefined,
}));

function fileSystemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, ${syscall}`), { code, syscall });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    mkdir: async (...args: Parameters<typeof actual.mkdir>) => {
      if (faults.failMkdir !== undefined && String(args[0]).includes(faults.failMkdir.under)) throw fileSystemError(faults.failMkdir.code, 'mkdir');
      return actual.mkdir(...args);
    },
    open: async (...args: Parameters<typeof actual.open>) => {
      const path = String(args[0]);
      if (faults.failCreate !== undefined && path.includes(faults.failCreate.of)) throw fileSystemError(faults.failCreate.code, 'open');
      const handle = await actual.open(...args);
      if (faults.failWriteOf !== undefined && path.includes(faults.failWriteOf)) {
        return Object.assign(Object.create(handle) as typeof handle, {
          write: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
          close: () => handle.close(),
          sync: () => handle.sync(),
        });
      }
      if (faults.failSyncOf !== undefined && path.includes(faults.failSyncOf)) {
        return Object.assign(Object.create(handle) as typeof handle, {
          close: () => handle.close(),
          sync: () => Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })),
        });
      }
      if (faults.holdSyncs !== undefined) {
        const held = faults.holdSyncs;
        return Object.assign(Object.create(handle) as typeof handle, {
          close: () => handle.close(),
          sync: async () => {
            await held;
            return handle.sync();
          },
        });
      }
      return handle;
    },
    link: async (...args: Parameters<typeof actual.link>) => {
      if (faults.failLink !== undefined) throw fileSystemError(faults.failLink, 'link');
      return actual.link(...args);
    },
    rename: async (...args: Parameters<typeof actual.rename>) => {
      faults.renamesBegun++;
      if (faults.holdRenames !== undefined) await faults.holdRenames;
      return actual.rename(...args);
    },
  };
});

const { openOutputFolder, settleWritesSync, temporaryFilesInFlight, writeFilesAtomically } = await import('../../../src/io/atomicFiles.js');
const { UsageError } = await import('../../../src/errors.js');

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-atomic-fail-'));
});

afterEach(() => {
  faults.failWriteOf = undefined;
  faults.failSyncOf = undefined;
  faults.holdRenames = undefined;
  faults.holdSyncs = undefined;
  faults.renamesBegun = 0;
  faults.failMkdir = undefined;
  faults.failCreate = undefined;
  faults.failLink = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('writeFilesAtomically when a write fails', () => {
  it('removes every temporary and leaves the existing files as they were', async () => {
    writeFileSync(join(root, 'reconciliation.csv'), 'old reconciliation\n');
    writeFileSync(join(root, 'worklist.csv'), 'old worklist\n');
    faults.failWriteOf = '-worklist.csv.tmp';
    const error = await writeFilesAtomically(root, [
      { name: 'reconciliation.csv', content: 'new reconciliation\n' },
      { name: 'worklist.csv', content: 'new worklist\n' },
      { name: 'summary.json', content: '{}' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/could not write the output files to .*: the disk is full/);
    expect(readdirSync(root).sort()).toEqual(['reconciliation.csv', 'worklist.csv']);
    expect(readFileSync(join(root, 'reconciliation.csv'), 'utf8')).toBe('old reconciliation\n');
    expect(readFileSync(join(root, 'worklist.csv'), 'utf8')).toBe('old worklist\n');
    expect(temporaryFilesInFlight()).toEqual([]);
  });
});

describe('writeFilesAtomically when a flush to disk fails', () => {
  it('fails the whole write, while later files are still being written, and removes every temporary', async () => {
    writeFileSync(join(root, 'summary.json'), 'old\n');
    faults.failSyncOf = '-reconciliation.csv.tmp';
    const rows = (function* () {
      for (let i = 0; i < 50_000; i++) yield `${i},a row\n`;
    })();
    const error = await writeFilesAtomically(root, [
      { name: 'reconciliation.csv', content: ['a\n'] },
      { name: 'worklist.csv', content: rows },
      { name: 'summary.json', content: '{}' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/could not write the output files to .*: the disk reported an input\/output error/);
    expect(readdirSync(root)).toEqual(['summary.json']);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe('old\n');
    expect(temporaryFilesInFlight()).toEqual([]);
  });
});

describe('settleWritesSync', () => {
  it('undoes a write still making its files: its temporaries are deleted', async () => {
    let release = () => {};
    faults.holdSyncs = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = writeFilesAtomically(root, [
      { name: 'a.csv', content: 'a\n' },
      { name: 'b.csv', content: 'b\n' },
    ]).catch((e: unknown) => e);
    // Both temporaries on disk (named before they are made), and the lock of the folder.
    await vi.waitFor(() => expect(temporaryFilesInFlight().filter((path) => existsSync(path))).toHaveLength(2), { timeout: 10_000 });
    expect(readdirSync(root).sort()).toEqual(['.ehcp-recon.lock', ...temporaryFilesInFlight().map((path) => basename(path))].sort());
    expect(settleWritesSync()).toBe('undone');
    expect(readdirSync(root)).toEqual([]);
    expect(temporaryFilesInFlight()).toEqual([]);
    release();
    // The interrupted write then fails, as the process would be exiting anyway.
    expect(await writing).toBeInstanceOf(Error);
    expect(readdirSync(root)).toEqual([]);
  });

  it('undoes the folders a write still making its files made, and only those', async () => {
    let release = () => {};
    faults.holdSyncs = new Promise<void>((resolve) => {
      release = resolve;
    });
    writeFileSync(join(root, 'kept.txt'), 'mine\n');
    const target = join(root, 'runs', '2026-03');
    const writing = writeFilesAtomically(target, [{ name: 'a.csv', content: 'a\n' }]).catch((e: unknown) => e);
    await vi.waitFor(() => expect(temporaryFilesInFlight().filter((path) => existsSync(path))).toHaveLength(1), { timeout: 10_000 });
    expect(readdirSync(join(root, 'runs'))).toEqual(['2026-03']);
    expect(readdirSync(target)).toHaveLength(2);
    expect(settleWritesSync()).toBe('undone');
    expect(readdirSync(root)).toEqual(['kept.txt']);
    release();
    expect(await writing).toBeInstanceOf(Error);
    expect(readdirSync(root)).toEqual(['kept.txt']);
  });

  it('finishes a write already putting its files in place: no folder is left half old, half new', async () => {
    let release = () => {};
    faults.holdRenames = new Promise<void>((resolve) => {
      release = resolve;
    });
    writeFileSync(join(root, 'a.csv'), 'old a\n');
    writeFileSync(join(root, 'b.csv'), 'old b\n');
    const writing = writeFilesAtomically(root, [
      { name: 'a.csv', content: 'new a\n' },
      { name: 'b.csv', content: 'new b\n' },
    ]).catch((e: unknown) => e);
    // Both files are flushed and the first rename has begun (and is held).
    await vi.waitFor(() => expect(faults.renamesBegun).toBe(1), { timeout: 10_000 });
    expect(settleWritesSync()).toBe('finished');
    expect(readFileSync(join(root, 'a.csv'), 'utf8')).toBe('new a\n');
    expect(readFileSync(join(root, 'b.csv'), 'utf8')).toBe('new b\n');
    expect(readdirSync(root).sort()).toEqual(['a.csv', 'b.csv']);
    expect(temporaryFilesInFlight()).toEqual([]);
    release();
    await writing;
    expect(readdirSync(root).sort()).toEqual(['a.csv', 'b.csv']);
  });
});

describe('settleWritesSync after a write is done', () => {
  it('says the outputs were put in place, for a run stopped after writing them', async () => {
    await writeFilesAtomically(root, [{ name: 'a.csv', content: 'a\n' }]);
    expect(settleWritesSync()).toBe('finished');
    expect(readFileSync(join(root, 'a.csv'), 'utf8')).toBe('a\n');
    // Settled, the process starts afresh: nothing in flight, nothing put in place since.
    expect(settleWritesSync()).toBe('undone');
  });
});

describe('a failed write into a folder it made', () => {
  it('leaves no folder behind', async () => {
    faults.failWriteOf = '-b.csv.tmp';
    const failure = await writeFilesAtomically(join(root, 'new', 'out'), [
      { name: 'a.csv', content: 'a\n' },
      { name: 'b.csv', content: 'b\n' },
    ]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UsageError);
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('a folder that cannot be made or written says why', () => {
  it('a new folder on a read-only file system: read-only, not "no such file"', async () => {
    faults.failMkdir = { under: 'readonly', code: 'EROFS' };
    const error = await writeFilesAtomically(join(root, 'readonly', 'out'), [{ name: 'a.csv', content: 'a\n' }], { shownAs: 'readonly/out' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'could not create the output folder readonly/out/: the file system is read-only; choose another --out folder or fix this one',
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('a file system without hard links: the lock is made as it is without them, names its run, and goes at the end', async () => {
    faults.failLink = 'EPERM';
    const folder = await openOutputFolder(root, { shownAs: 'shared' });
    expect(readdirSync(root)).toEqual(['.ehcp-recon.lock']);
    expect(JSON.parse(readFileSync(join(root, '.ehcp-recon.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    const second = await openOutputFolder(root, { shownAs: 'shared' }).catch((e: unknown) => e);
    expect((second as Error).message).toBe(`another ehcp-recon run (PID ${process.pid}) is writing to shared/: wait for it to finish, or give another --out`);
    folder.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('a folder the user may not write into: permission denied, before anything is read', async () => {
    faults.failCreate = { of: '.ehcp-recon.lock', code: 'EACCES' };
    const error = await openOutputFolder(root, { shownAs: 'shared' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('could not write to the output folder shared/: permission denied; choose another --out folder or fix this one');
    faults.failMkdir = { under: 'denied', code: 'EACCES' };
    const denied = await openOutputFolder(join(root, 'denied'), { shownAs: 'denied' }).catch((e: unknown) => e);
    expect((denied as Error).message).toBe('could not create the output folder denied/: permission denied; choose another --out folder or fix this one');
  });

  it('a full disk while writing a temporary, and a file where the folder should be', async () => {
    faults.failCreate = { of: '-summary.json.tmp', code: 'ENOSPC' };
    const full = await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}' }], { shownAs: 'out' }).catch((e: unknown) => e);
    expect((full as Error).message).toBe('could not write the output files to out/: the disk is full; choose another --out folder or fix this one');
    expect(readdirSync(root)).toEqual([]);
    writeFileSync(join(root, 'plans.csv'), 'p\n');
    const file = await writeFilesAtomically(join(root, 'plans.csv'), [{ name: 'a.csv', content: '' }], { shownAs: 'plans.csv' }).catch((e: unknown) => e);
    expect((file as Error).message).toBe(
      'could not create the output folder plans.csv/: a file of that name is in the way, and --out needs a folder; choose another --out folder or fix this one',
    );
    const below = await writeFilesAtomically(join(root, 'plans.csv', 'out'), [{ name: 'a.csv', content: '' }], { shownAs: 'plans.csv/out' }).catch(
      (e: unknown) => e,
    );
    expect((below as Error).message).toBe(
      'could not create the output folder plans.csv/out/: part of the path is a file, not a folder; choose another --out folder or fix this one',
    );
  });
});
