import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { temporaryFilesInFlight, writeFilesAtomically } from '../../../src/io/atomicFiles.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ehcp-atomic-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('writeFilesAtomically', () => {
  it('creates the folder and writes every file, strings as UTF-8 and bytes as they are', async () => {
    const out = join(root, 'a', 'b');
    await writeFilesAtomically(out, [
      { name: 'summary.json', content: '{"headline":"Zoë £"}\n' },
      { name: 'bytes.bin', content: Uint8Array.of(0, 1, 255) },
    ]);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"headline":"Zoë £"}\n');
    expect([...readFileSync(join(out, 'bytes.bin'))]).toEqual([0, 1, 255]);
    expect(readdirSync(out).sort()).toEqual(['bytes.bin', 'summary.json']);
    expect(temporaryFilesInFlight()).toEqual([]);
  });

  it('replaces existing files and leaves no temporaries behind', async () => {
    writeFileSync(join(root, 'worklist.csv'), 'old\n');
    await writeFilesAtomically(root, [{ name: 'worklist.csv', content: 'new\n' }]);
    expect(readFileSync(join(root, 'worklist.csv'), 'utf8')).toBe('new\n');
    expect(readdirSync(root)).toEqual(['worklist.csv']);
  });

  it('refuses to write over an input, before writing anything', async () => {
    const input = join(root, 'contacts.csv');
    writeFileSync(input, 'child_id\n');
    const error = await writeFilesAtomically(
      root,
      [
        { name: 'summary.json', content: '{}' },
        { name: 'contacts.csv', content: 'x' },
      ],
      { protectedPaths: [input] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/contacts\.csv.*an output never replaces an input/);
    expect(readFileSync(input, 'utf8')).toBe('child_id\n');
    expect(readdirSync(root)).toEqual(['contacts.csv']);
  });

  it('refuses an input reached through a symbolic link to the folder or a relative spelling', async () => {
    const data = join(root, 'data');
    mkdirSync(data);
    const input = join(data, 'plans.csv');
    writeFileSync(input, 'p\n');
    symlinkSync(data, join(root, 'link'));
    await expect(writeFilesAtomically(join(root, 'link'), [{ name: 'plans.csv', content: 'x' }], { protectedPaths: [input] })).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(
      writeFilesAtomically(join(root, 'link', '..', 'data'), [{ name: 'plans.csv', content: 'x' }], { protectedPaths: [join(root, 'link', 'plans.csv')] }),
    ).rejects.toBeInstanceOf(UsageError);
    expect(readFileSync(input, 'utf8')).toBe('p\n');
  });

  it('refuses an output name that is a symbolic link to an input', async () => {
    const input = join(root, 'plans.csv');
    writeFileSync(input, 'p\n');
    const out = join(root, 'out');
    mkdirSync(out);
    symlinkSync(input, join(out, 'reconciliation.csv'));
    await expect(writeFilesAtomically(out, [{ name: 'reconciliation.csv', content: 'x' }], { protectedPaths: [input] })).rejects.toBeInstanceOf(UsageError);
    expect(readFileSync(input, 'utf8')).toBe('p\n');
  });

  it('writes next to inputs that it does not replace', async () => {
    const input = join(root, 'plans.csv');
    writeFileSync(input, 'p\n');
    await writeFilesAtomically(root, [{ name: 'summary.json', content: '{}' }], { protectedPaths: [input, join(root, 'missing.csv')] });
    expect(readdirSync(root).sort()).toEqual(['plans.csv', 'summary.json']);
  });

  it('refuses, touching nothing, when a folder is in the way of one file', async () => {
    writeFileSync(join(root, 'summary.json'), 'old');
    mkdirSync(join(root, 'report.html'));
    const error = await writeFilesAtomically(root, [
      { name: 'summary.json', content: 'new' },
      { name: 'report.html', content: '<p>' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe('old');
    expect(readdirSync(root).sort()).toEqual(['report.html', 'summary.json']);
  });

  it('says what to do when the output folder cannot be created', async () => {
    writeFileSync(join(root, 'file'), '');
    const error = await writeFilesAtomically(join(root, 'file', 'out'), [{ name: 'a.csv', content: '' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/could not create the output folder .*choose another --out folder/);
  });

  it('rejects names that are not plain file names as a bug', async () => {
    await expect(writeFilesAtomically(root, [{ name: '../escape.csv', content: '' }])).rejects.toThrow(/not a plain file name/);
    await expect(
      writeFilesAtomically(root, [
        { name: 'a.csv', content: '' },
        { name: 'a.csv', content: '' },
      ]),
    ).rejects.toThrow(/listed twice/);
    expect(existsSync(join(root, '..', 'escape.csv'))).toBe(false);
  });

  it('writes content given in pieces of any size, in order, as UTF-8', async () => {
    // Small rows, multi-byte characters (a surrogate pair too), and pieces larger than a write buffer.
    const pieces = [
      '\uFEFFchild_id,provider\n',
      ...Array.from({ length: 40_000 }, (_, i) => `C${i},Zoë £ ${'x'.repeat(i % 50)} 😀\n`),
      'é'.repeat(600_000),
      '\n',
      '£'.repeat(2_000_000),
      '',
      'end\n',
    ];
    await writeFilesAtomically(root, [
      { name: 'pieces.csv', content: pieces },
      {
        name: 'generated.csv',
        content: (function* () {
          yield* pieces;
        })(),
      },
    ]);
    const expected = Buffer.from(pieces.join(''), 'utf8');
    expect(readFileSync(join(root, 'pieces.csv')).equals(expected)).toBe(true);
    expect(readFileSync(join(root, 'generated.csv')).equals(expected)).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['generated.csv', 'pieces.csv']);
  });

  it('leaves the targets alone and removes every temporary when making a piece fails', async () => {
    writeFileSync(join(root, 'summary.json'), 'old\n');
    function* failing(): Generator<string> {
      for (let i = 0; i < 100_000; i++) yield `${i},row of some length\n`;
      throw new Error('a bug while making the rows');
    }
    await expect(
      writeFilesAtomically(root, [
        { name: 'reconciliation.csv', content: ['done\n'] },
        { name: 'summary.json', content: failing() },
      ]),
    ).rejects.toThrow('a bug while making the rows');
    expect(readdirSync(root)).toEqual(['summary.json']);
    expect(readFileSync(join(root, 'summary.json'), 'utf8')).toBe('old\n');
    expect(temporaryFilesInFlight()).toEqual([]);
  });
});
