// Failures halfway through an atomic write, made on purpose by wrapping node:fs/promises.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const faults = vi.hoisted(() => ({
  /** Fail the write of the file whose temporary name contains this. */
  failWriteOf: undefined as string | undefined,
  /** Fail the flush to disk of the file whose temporary name contains this. */
  failSyncOf: undefined as string | undefined,
  /** Hold every rename until released. */
  holdRenames: undefined as Promise<void> | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: async (...args: Parameters<typeof actual.open>) => {
      const handle = await actual.open(...args);
      const path = String(args[0]);
      if (faults.failWriteOf !== undefined && path.includes(faults.failWriteOf)) {
        return Object.assign(Object.create(handle) as typeof handle, {
          writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
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
      return handle;
    },
    rename: async (...args: Parameters<typeof actual.rename>) => {
      if (faults.holdRenames !== undefined) await faults.holdRenames;
      return actual.rename(...args);
    },
  };
});

const { abandonWritesSync, temporaryFilesInFlight, writeFilesAtomically } = await import('../../../src/io/atomicFiles.js');
const { UsageError } = await import('../../../src/errors.js');

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-atomic-fail-'));
});

afterEach(() => {
  faults.failWriteOf = undefined;
  faults.failSyncOf = undefined;
  faults.holdRenames = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('writeFilesAtomically when a write fails', () => {
  it('removes every temporary and leaves the existing files as they were', async () => {
    writeFileSync(join(root, 'reconciliation.csv'), 'old reconciliation\n');
    writeFileSync(join(root, 'worklist.csv'), 'old worklist\n');
    faults.failWriteOf = '.worklist.csv.tmp-';
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
    faults.failSyncOf = '.reconciliation.csv.tmp-';
    const rows = (function* () {
      for (let i = 0; i < 50_000; i++) yield `${i},a row\n`;
    })();
    const error = await writeFilesAtomically(root, [
      { name: 'reconciliation.csv', content: ['a\n'] },
      { name: 'worklist.csv', content: rows },
      { name: 'summary.json', content: '{}' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/could not write the output files to .*i\/o error/);
    expect(readdirSync(root)).toEqual(['summary.json']);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe('old\n');
    expect(temporaryFilesInFlight()).toEqual([]);
  });
});

describe('abandonWritesSync', () => {
  it('deletes the temporaries of a write in flight, as a signal handler would', async () => {
    let release = () => {};
    faults.holdRenames = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = writeFilesAtomically(root, [
      { name: 'a.csv', content: 'a\n' },
      { name: 'b.csv', content: 'b\n' },
    ]).catch((e: unknown) => e);
    await vi.waitFor(() => expect(temporaryFilesInFlight()).toHaveLength(2));
    expect(readdirSync(root)).toHaveLength(2);
    abandonWritesSync();
    expect(readdirSync(root)).toEqual([]);
    expect(temporaryFilesInFlight()).toEqual([]);
    release();
    // The interrupted write then fails, as the process would be exiting anyway.
    expect(await writing).toBeInstanceOf(Error);
    expect(readdirSync(root)).toEqual([]);
  });

  it('removes the folders a write in flight made, and only those', async () => {
    let release = () => {};
    faults.holdRenames = new Promise<void>((resolve) => {
      release = resolve;
    });
    writeFileSync(join(root, 'kept.txt'), 'mine\n');
    const target = join(root, 'runs', '2026-03');
    const writing = writeFilesAtomically(target, [{ name: 'a.csv', content: 'a\n' }]).catch((e: unknown) => e);
    await vi.waitFor(() => expect(temporaryFilesInFlight()).toHaveLength(1));
    expect(readdirSync(join(root, 'runs'))).toEqual(['2026-03']);
    abandonWritesSync();
    expect(readdirSync(root)).toEqual(['kept.txt']);
    release();
    expect(await writing).toBeInstanceOf(Error);
    expect(readdirSync(root)).toEqual(['kept.txt']);
  });
});

describe('a failed write into a folder it made', () => {
  it('leaves no folder behind', async () => {
    faults.failWriteOf = 'b.csv';
    const failure = await writeFilesAtomically(join(root, 'new', 'out'), [
      { name: 'a.csv', content: 'a\n' },
      { name: 'b.csv', content: 'b\n' },
    ]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UsageError);
    expect(readdirSync(root)).toEqual([]);
  });
});
