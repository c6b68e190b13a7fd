// Buffers read into again must never change what a reader sees: every record of a file read through
// recycled chunks is the record read from the whole text at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldTexts, readCsvRecords } from '../../../src/io/fastCsvEngine.js';
import { readFileChunks } from '../../../src/io/fileChunks.js';

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
  await readCsvRecords(input, { source: 'test.csv' }, { header: (record) => void records.push(fieldTexts(record)), row: (record) => records.push(fieldTexts(record)) });
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
    // 16 chunks, all read into the one buffer handed back each time.
    expect(memories.size).toBe(1);
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
