// An --out folder that cannot be made or written, for reasons the table of file-system reasons does not
// name: one sentence, never Node's "ENOENT: no such file or directory, mkdir '…'".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const faults = vi.hoisted(() => ({ failMkdir: undefined as NodeJS.ErrnoException | undefined, failOpen: undefined as NodeJS.ErrnoException | undefined }));

/** An error shaped as Node's own: "CODE: words, syscall 'path'". */
function nodeError(code: string, words: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${words}, ${syscall} '${path}'`), { code, syscall, path });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    mkdir: async (...args: Parameters<typeof actual.mkdir>) => {
      if (faults.failMkdir !== undefined) throw faults.failMkdir;
      return actual.mkdir(...args);
    },
    open: async (...args: Parameters<typeof actual.open>) => {
      if (faults.failOpen !== undefined) throw faults.failOpen;
      return actual.open(...args);
    },
  };
});

const { openOutputFolder } = await import('../../../src/io/atomicFiles.js');

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-out-wording-'));
});
afterEach(() => {
  faults.failMkdir = undefined;
  faults.failOpen = undefined;
  rmSync(root, { recursive: true, force: true });
});

describe('an --out folder the system refuses', () => {
  it('a folder that cannot be made where it is asked for (/proc): one sentence saying so', async () => {
    faults.failMkdir = nodeError('ENOENT', 'no such file or directory', 'mkdir', '/proc/nope');
    const error = await openOutputFolder(join(root, 'nope'), { shownAs: '/proc/nope' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'could not create the output folder /proc/nope/: no folder can be made there (a folder on the path is missing, or it is a place such as /proc that takes no new folders); choose another --out folder or fix this one',
    );
  });

  it('a folder gone while the run writes, and a code with no words of its own: the system reason without the code and path round it', async () => {
    faults.failOpen = nodeError('ENOENT', 'no such file or directory', 'open', `${root}/.ehcp-recon.lock`);
    const gone = await openOutputFolder(root, { shownAs: 'out' }).catch((e: unknown) => e);
    expect((gone as Error).message).toBe(
      'could not write to the output folder out/: a folder on the path is missing (was it moved or removed while the run wrote?); choose another --out folder or fix this one',
    );
    faults.failOpen = nodeError('EXDEV', 'cross-device link not permitted', 'open', `${root}/.ehcp-recon.lock`);
    const other = await openOutputFolder(root, { shownAs: 'out' }).catch((e: unknown) => e);
    expect((other as Error).message).toBe(
      'could not write to the output folder out/: cross-device link not permitted (EXDEV); choose another --out folder or fix this one',
    );
  });
});
