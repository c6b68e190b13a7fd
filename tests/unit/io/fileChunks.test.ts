// Buffers read into again must never change what a reader sees: every record of a file read through
// recycled chunks is the record read from the whole text at once. An input is opened once and is what
// fstat says it is; a plain file that changes while it is read is refused, unless it was moved aside
// whole, when the descriptor still reads the file it was opened on.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldTexts, readCsvRecords } from '../../../src/io/fastCsvEngine.js';
import { InputError } from '../../../src/errors.js';
import { openInputChunks, readFileChunks } from '../../../src/io/fileChunks.js';

const folder = mkdtempSync(join(tmpdir(), 'ehcp-recon-chunks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let fileNumber = 0;

function fileOf(text: string): string {
  const path = join(folder, `${fileNumber++}.csv`);
  writeFileSync(path, text);
  return path;
}

async function recordsOf(input: AsyncIterable<Uint8Array>): Promise<string[][]> {
  const records: string[][] = [];
  await readCsvRecords(
    input,
    { source: 'test.csv' },
    { header: (record) => void records.push(fieldTexts(record)), row: (record) => records.push(fieldTexts(record)) },
  );
  return records;
}

async function* whole(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

const cell = fc.oneof(fc.constantFrom('', 'a', 'x,y', 'say "hi"', 'two\nlines', 'café', '2025-01-06', '45'), fc.string({ maxLength: 12 }));
const csvText = fc
  .array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 })
  .map((rows) => `id,name,note\n${rows.map((row) => row.map((value) => `"${value.replaceAll('"', '""')}"`).join(',')).join('\r\n')}\n`);

describe('readFileChunks', () => {
  it('gives the file in order, reading into buffers handed back', async () => {
    const text = 'abcdefghij'.repeat(100);
    const chunks = readFileChunks(fileOf(text), 64);
    const memories = new Set<ArrayBufferLike>();
    let read = '';
    for await (const chunk of chunks) {
      read += Buffer.from(chunk).toString('latin1');
      memories.add(chunk.buffer);
      chunks.recycle(chunk);
    }
    expect(read).toBe(text);
    // 16 chunks, all read into two buffers handed back in turn: one parsed while the next is read.
    expect(memories.size).toBe(2);
  });

  it('gives a fresh buffer for every chunk that is kept', async () => {
    const chunks = readFileChunks(fileOf('x'.repeat(200)), 64);
    const kept: Uint8Array[] = [];
    for await (const chunk of chunks) kept.push(chunk);
    expect(new Set(kept.map((chunk) => chunk.buffer)).size).toBe(4);
    expect(kept.map((chunk) => Buffer.from(chunk).toString('latin1')).join('')).toBe('x'.repeat(200));
  });

  it('fails on the first pull when the file cannot be opened, as a read stream does', async () => {
    const chunks = readFileChunks(join(folder, 'missing.csv'));
    await expect(chunks[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('CSV read through recycled chunks of any size is the CSV read whole', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.integer({ min: 1, max: 40 }), async (text, chunkBytes) => {
        // Chunks far under the parser's minimum are gathered and joined before they are parsed.
        const expected = await recordsOf(whole(text));
        expect(await recordsOf(readFileChunks(fileOf(text), chunkBytes))).toEqual(expected);
        expect(await recordsOf(readFileChunks(fileOf(text), 16 * 1024 + chunkBytes))).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });

  it('large records that cross many recycled chunks read whole', async () => {
    const long = 'z'.repeat(50_000);
    const text = `id,name,note\n1,"${long}",a\n2,b,"${long}\n${long}"\n`;
    const expected = await recordsOf(whole(text));
    expect(expected).toHaveLength(3);
    for (const chunkBytes of [1000, 16 * 1024, 20_000, 70_000]) expect(await recordsOf(readFileChunks(fileOf(text), chunkBytes))).toEqual(expected);
  });
});

// ---- Opening: once, by what fstat says it is; and a plain file checked for change as it is read ----

const isPosix = process.platform !== 'win32';

/** A plain file as it stood an hour ago: a rewrite now moves its modification time, whatever the clock's grain. */
function settledFile(text: string): string {
  const path = fileOf(text);
  const anHourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(path, anHourAgo, anHourAgo);
  return path;
}

/** Reads `chunks` whole, calling `between` after the first chunk; resolves to the text, or rejects as the read does. */
async function readChanging(chunks: AsyncIterable<Uint8Array>, between: () => void): Promise<string> {
  let text = '';
  let isFirst = true;
  for await (const chunk of chunks) {
    text += Buffer.from(chunk).toString('latin1');
    if (isFirst) between();
    isFirst = false;
  }
  return text;
}

const CHANGED = 'the contacts file changed while it was read: run again when the export is complete';

describe('openInputChunks', () => {
  it('opens a plain file as one, noting its size, time and identity', async () => {
    const path = settledFile('id,name\n1,a\n');
    const opened = await openInputChunks(path, 'contacts');
    try {
      expect(opened.kind).toBe('file');
      if (opened.kind !== 'file') return;
      const stats = statSync(path, { bigint: true });
      expect(opened.identity).toEqual({ dev: stats.dev, ino: stats.ino, size: 12n, mtimeNs: stats.mtimeNs });
      expect(opened.size).toBe(12);
    } finally {
      opened.close();
    }
  });

  it('refuses a folder with EISDIR, whatever the system would let open', async () => {
    await expect(openInputChunks(folder, 'contacts')).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('reads an empty plain file as a stream of nothing (a /proc file says 0 bytes and has some)', async () => {
    const opened = await openInputChunks(fileOf(''), 'contacts');
    expect(opened.kind).toBe('stream');
    expect(await readChanging(opened, () => undefined)).toBe('');
  });

  it.runIf(isPosix)('reads a character device as a stream', async () => {
    const opened = await openInputChunks('/dev/null', 'contacts');
    expect(opened.kind).toBe('stream');
    expect(await readChanging(opened, () => undefined)).toBe('');
  });

  it.runIf(isPosix)('opens a FIFO with no writer at once, then reads what a writer sends until it goes', async () => {
    const fifo = join(folder, `fifo-${fileNumber++}`);
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    const opened = await openInputChunks(fifo, 'contacts');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(opened.kind).toBe('stream');
    const text = 'id,name\n1,a\n'.repeat(20_000);
    // The writer comes later, as a shell's does; a FIFO read too early would look empty.
    const writer = new Promise<void>((resolve) => setTimeout(() => writeFile(fifo, text).then(resolve), 200));
    expect(await readChanging(opened, () => undefined)).toBe(text);
    await writer;
  });
});

describe('a plain file that changes while it is read', () => {
  const text = `id,name,note\n${Array.from({ length: 400 }, (_, i) => `${i},name ${i},note ${i}\n`).join('')}`;

  it('reads whole when nothing changes', async () => {
    const path = settledFile(text);
    const opened = await openInputChunks(path, 'contacts', 1000);
    expect(await readChanging(opened, () => undefined)).toBe(text);
    if (opened.kind === 'file') opened.checkUnchanged();
    opened.close();
  });

  const refusals: ReadonlyArray<[string, (path: string) => void]> = [
    ['truncated', (path) => truncateSync(path, 0)],
    ['truncated part of the way', (path) => truncateSync(path, 5000)],
    ['overwritten in place with text of the same length', (path) => writeFileSync(path, text.replaceAll('note', 'NOTE'))],
    ['appended to', (path) => appendFileSync(path, '400,late,row\n')],
  ];
  for (const [what, change] of refusals) {
    it(`is refused when ${what}, at the end of the read and before a row is read again`, async () => {
      const path = settledFile(text);
      const opened = await openInputChunks(path, 'contacts', 1000);
      if (opened.kind !== 'file') throw new Error('a plain file');
      try {
        await expect(readChanging(opened, () => change(path))).rejects.toThrow(CHANGED);
        expect(() => opened.checkUnchanged()).toThrow(CHANGED);
        expect(opened.changed()).toBeInstanceOf(InputError);
      } finally {
        opened.close();
      }
    });
  }

  it('moved over by a new file: the descriptor reads the old file whole, and again by position', async () => {
    const path = settledFile(text);
    const opened = await openInputChunks(path, 'contacts', 1000);
    if (opened.kind !== 'file') throw new Error('a plain file');
    try {
      const replace = () => {
        writeFileSync(`${path}.new`, text.replaceAll('name', 'NAME'));
        renameSync(`${path}.new`, path);
      };
      expect(await readChanging(opened, replace)).toBe(text);
      opened.checkUnchanged();
      const window = Buffer.alloc(12);
      expect(window.subarray(0, opened.readAt(window, 12, text.indexOf('7,name'))).toString('latin1')).toBe('7,name 7,not');
      expect(readFileSync(path, 'latin1')).toContain('7,NAME 7');
    } finally {
      opened.close();
    }
  });
});
