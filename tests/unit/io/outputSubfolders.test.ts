// Outputs in folders of the set (by-commissioner/North/shortfall.csv, --split-by): the folders made with
// the files' mode, paths that never leave the output folder, the manifest that lists and checks them,
// and an earlier set's files in the folders a set owns removed with it (docs/output-folders.md).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { temporaryFilesInFlight, writeFilesAtomically, type OutputFile, type WriteOptions } from '../../../src/io/atomicFiles.js';
import { checkOutputFolder } from '../../../src/io/outputManifest.js';

let root: string;
let umaskBefore: number;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-subfolders-'));
  umaskBefore = process.umask(0o022);
});

afterEach(() => {
  process.umask(umaskBefore);
  rmSync(root, { recursive: true, force: true });
});

const OWNED: WriteOptions['ownedFolders'] = { folders: ['by-commissioner', 'by-provider'], fileNames: ['shortfall.csv', 'index.csv'] };

function manifest(outputs: readonly { name: string }[]): string {
  return `${JSON.stringify({ manifestVersion: 2, outputs }, null, 2)}\n`;
}

function groupFiles(field: string, groups: readonly string[]): OutputFile[] {
  return [
    { name: 'summary.json', content: '{}\n' },
    ...groups.map((group) => ({ name: `by-${field}/${group}/shortfall.csv`, content: `child_id\n${group}\n` })),
    { name: `by-${field}/index.csv`, content: `${field}\n${groups.join('\n')}\n` },
  ];
}

/** Every file and folder under `folder`, as paths with "/", sorted. */
function tree(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = `${prefix}${entry.name}`;
      return entry.isDirectory() && !entry.isSymbolicLink() ? [`${path}/`, ...tree(join(folder, entry.name), `${path}/`)] : [path];
    })
    .sort();
}

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('outputs in folders', () => {
  it('makes the folders with the mode that matches the files, and lists each path in the manifest, which checks it', async () => {
    const written = await writeFilesAtomically(root, groupFiles('commissioner', ['ICB', 'LA']), { manifest, fileMode: 0o640 });
    expect(written.map((output) => output.name)).toEqual([
      'summary.json',
      'by-commissioner/ICB/shortfall.csv',
      'by-commissioner/LA/shortfall.csv',
      'by-commissioner/index.csv',
    ]);
    expect(tree(root)).toEqual([
      'by-commissioner/',
      'by-commissioner/ICB/',
      'by-commissioner/ICB/shortfall.csv',
      'by-commissioner/LA/',
      'by-commissioner/LA/shortfall.csv',
      'by-commissioner/index.csv',
      'manifest.json',
      'summary.json',
    ]);
    expect(readFileSync(join(root, 'by-commissioner', 'LA', 'shortfall.csv'), 'utf8')).toBe('child_id\nLA\n');
    expect(modeOf(join(root, 'by-commissioner'))).toBe(0o750);
    expect(modeOf(join(root, 'by-commissioner', 'ICB'))).toBe(0o750);
    expect(modeOf(join(root, 'by-commissioner', 'ICB', 'shortfall.csv'))).toBe(0o640);
    expect(await checkOutputFolder(root)).toEqual({ kind: 'whole' });

    writeFileSync(join(root, 'by-commissioner', 'ICB', 'shortfall.csv'), 'child_id\nXYZ\n');
    expect(await checkOutputFolder(root)).toEqual({ kind: 'mismatch', name: 'by-commissioner/ICB/shortfall.csv', mismatch: 'content' });
  });

  it('writes the temporaries in the output folder itself, and on a failure removes them and the folders it made', async () => {
    let inFlight: readonly string[] = [];
    function* failing(): Generator<string> {
      yield 'child_id\n';
      inFlight = temporaryFilesInFlight();
      throw new Error('the renderer failed');
    }
    await expect(
      writeFilesAtomically(join(root, 'out'), [
        { name: 'summary.json', content: '{}\n' },
        { name: 'by-commissioner/LA/shortfall.csv', content: failing() },
      ]),
    ).rejects.toThrow('the renderer failed');
    expect(inFlight.length).toBe(2);
    for (const temporary of inFlight) expect(join(temporary, '..')).toBe(join(root, 'out'));
    // The run made out/ and its folders and put nothing in them: all are gone.
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a file or a link where a folder of the set goes, writing nothing through it', async () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const out = join(root, 'out');
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, 'by-commissioner'));
    const error = await writeFilesAtomically(out, groupFiles('commissioner', ['LA']), { manifest }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `cannot write into by-commissioner in ${out}/: a link of that name is in the way, and the outputs go in a folder of their own; move it or choose another --out folder`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(tree(out)).toEqual(['by-commissioner']);

    rmSync(join(out, 'by-commissioner'));
    mkdirSync(join(out, 'by-commissioner'));
    writeFileSync(join(out, 'by-commissioner', 'LA'), 'a file of the user\n');
    await expect(writeFilesAtomically(out, groupFiles('commissioner', ['LA']), { manifest })).rejects.toThrow(/a file of that name is in the way/);
    expect(tree(out)).toEqual(['by-commissioner/', 'by-commissioner/LA']);
  });

  it('rejects, as a bug, paths that leave the folder, empty parts, names of its own and names that meet where case is ignored', async () => {
    for (const name of ['a/../b.csv', '../b.csv', '/abs.csv', 'a//b.csv', 'a/./b.csv', 'a\\b/c.csv', 'a/']) {
      await expect(writeFilesAtomically(root, [{ name, content: '' }]), name).rejects.toThrow(/not a plain file name, or a path of plain names/);
    }
    await expect(writeFilesAtomically(root, [{ name: 'by-x/.ehcp-recon.lock', content: '' }])).rejects.toThrow(/keeps for itself/);
    await expect(
      writeFilesAtomically(root, [
        { name: 'by-x/North/a.csv', content: '' },
        { name: 'by-x/NORTH/a.csv', content: '' },
      ]),
    ).rejects.toThrow(/listed twice/);
    await expect(
      writeFilesAtomically(root, [
        { name: 'by-x/North', content: '' },
        { name: 'by-x/North/a.csv', content: '' },
      ]),
    ).rejects.toThrow(/listed as a file and as a folder/);
    expect(readdirSync(root)).toEqual([]);
  });

  it("a manifest's path that leaves the folder is not a run's", async () => {
    for (const name of ['by-x/../../etc/passwd', 'by-x//a.csv', 'by-x/.ehcp-recon.lock', '/etc/passwd']) {
      writeFileSync(join(root, 'manifest.json'), JSON.stringify({ manifestVersion: 2, outputs: [{ name, bytes: 1, sha256: '0'.repeat(64) }] }));
      expect(await checkOutputFolder(root), name).toEqual({ kind: 'unreadable-manifest', problem: 'it lists an output that is not a plain file name' });
    }
  });
});

describe('folders the set owns', () => {
  it("removes an earlier set's files there that this set does not write, and the folders left empty", async () => {
    await writeFilesAtomically(root, groupFiles('commissioner', ['ICB', 'Joint', 'LA']), { manifest, ownedFolders: OWNED });
    await writeFilesAtomically(root, groupFiles('commissioner', ['LA']), { manifest, ownedFolders: OWNED });
    expect(tree(root)).toEqual([
      'by-commissioner/',
      'by-commissioner/LA/',
      'by-commissioner/LA/shortfall.csv',
      'by-commissioner/index.csv',
      'manifest.json',
      'summary.json',
    ]);
    expect(await checkOutputFolder(root)).toEqual({ kind: 'whole' });

    // Split by another field: the first field's folder goes. No split at all: every owned folder goes.
    await writeFilesAtomically(root, groupFiles('provider', ['Kestrel']), { manifest, ownedFolders: OWNED });
    expect(tree(root)).toEqual([
      'by-provider/',
      'by-provider/Kestrel/',
      'by-provider/Kestrel/shortfall.csv',
      'by-provider/index.csv',
      'manifest.json',
      'summary.json',
    ]);
    await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}\n' }], { manifest, ownedFolders: OWNED });
    expect(tree(root)).toEqual(['manifest.json', 'summary.json']);
  });

  it("leaves the user's own files and the folders that hold them, never follows a link, and never looks deeper than a group", async () => {
    await writeFilesAtomically(root, groupFiles('commissioner', ['ICB', 'LA']), { manifest, ownedFolders: OWNED });
    writeFileSync(join(root, 'by-commissioner', 'ICB', 'notes.txt'), 'mine\n');
    mkdirSync(join(root, 'by-commissioner', 'LA', 'March'));
    writeFileSync(join(root, 'by-commissioner', 'LA', 'March', 'shortfall.csv'), 'a copy kept by hand\n');
    const linked = join(root, 'linked');
    mkdirSync(linked);
    writeFileSync(join(linked, 'shortfall.csv'), 'written by hand\n');
    symlinkSync(linked, join(root, 'by-commissioner', 'Linked'));
    symlinkSync(linked, join(root, 'by-provider'));

    await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}\n' }], { manifest, ownedFolders: OWNED });
    expect(tree(root)).toEqual([
      'by-commissioner/',
      'by-commissioner/ICB/',
      'by-commissioner/ICB/notes.txt',
      'by-commissioner/LA/',
      'by-commissioner/LA/March/',
      'by-commissioner/LA/March/shortfall.csv',
      'by-commissioner/Linked',
      'by-provider',
      'linked/',
      'linked/shortfall.csv',
      'manifest.json',
      'summary.json',
    ]);
    expect(existsSync(join(linked, 'shortfall.csv'))).toBe(true);
  });

  it('never removes an input, even one named as an output of an earlier set', async () => {
    await writeFilesAtomically(root, groupFiles('commissioner', ['ICB', 'LA']), { manifest, ownedFolders: OWNED });
    const input = join(root, 'by-commissioner', 'ICB', 'shortfall.csv');
    await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}\n' }], { manifest, ownedFolders: OWNED, protectedPaths: [input] });
    expect(tree(root)).toEqual(['by-commissioner/', 'by-commissioner/ICB/', 'by-commissioner/ICB/shortfall.csv', 'manifest.json', 'summary.json']);
    expect(readFileSync(input, 'utf8')).toBe('child_id\nICB\n');
  });
});
