// RecordRecall reads a record again by its number, for the duplicate rule. Whatever the file (quoted line
// breaks, CRLF and CR line ends, doubled quotes, non-ASCII, a byte-order mark, Excel's "sep=;" line, a
// record longer than the first read window, standard input, windows-1252), reading record n again must give
// exactly the fields and line the stream gave for it: while the stream is still going (as the ledger asks)
// and after it ends. Wired as src/io/tableSource.ts wires it.
import { createReadStream, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Encoding } from '../../../src/io/csvTypes.js';
import { fieldTexts, readCsvRecords } from '../../../src/io/fastCsvEngine.js';
import { openInputChunks } from '../../../src/io/fileChunks.js';
import { RecordRecall } from '../../../src/io/recordRecall.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);

const folder = mkdtempSync(join(tmpdir(), 'ehcp-recall-test-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function temporaryFile(bytes: Uint8Array): string {
  const path = join(folder, `input-${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

interface Streamed {
  readonly fields: string[];
  readonly line: number;
}

interface RecallRun {
  readonly records: Streamed[];
  /** Records read again as the stream went, each against what the stream gave: [row, recalled, streamed]. */
  readonly duringStream: Array<[number, Streamed, Streamed]>;
  /** The records read again once the stream ended (all, unless `recallAfter` picks some), with those streamed. */
  readonly afterwards: Streamed[];
  readonly afterwardsExpected: Streamed[];
  readonly delimiter: string;
  readonly inputOffset: number | undefined;
}

/**
 * Streams `bytes` through the fast engine with a RecordRecall hooked in. `from` 'file': the input is the
 * file at its path and recall reads it in place (when its offset is known, as for a UTF-8 file); 'stdin':
 * the input is only a stream of chunks and recall keeps a copy. `askBack(row)` names the earlier rows to
 * read again while row `row` is being read.
 */
async function streamWithRecall(
  bytes: Uint8Array,
  options: {
    from: 'file' | 'stdin';
    encoding?: Encoding;
    chunkSizes?: readonly number[];
    askBack?: (row: number) => readonly number[];
    recallAfter?: (row: number) => boolean;
  },
): Promise<RecallRun> {
  const path = temporaryFile(bytes);
  const recall = new RecordRecall(path);
  // Recall reads through a descriptor of its own here; a run's is the one its read goes through.
  const file = await openInputChunks(path, 'contacts');
  if (file.kind !== 'file') throw new Error('a test file with bytes is a plain file');
  const records: Streamed[] = [];
  const duringStream: Array<[number, Streamed, Streamed]> = [];
  let opened: { delimiter: string; inputOffset: number | undefined } | undefined;
  try {
    // A file is read as a stream of the file unless chunk sizes are given: then its bytes come in those chunks (as they would from a pipe).
    const input =
      options.from === 'file' && options.chunkSizes === undefined
        ? createReadStream(path, { highWaterMark: 4096 })
        : chunked(bytes, options.chunkSizes ?? [1 << 16]);
    await readCsvRecords(
      input,
      { source: path, encoding: options.encoding },
      {
        header() {},
        row(record) {
          const row = records.length;
          recall.note(row, record.offset, record.line);
          records.push({ fields: fieldTexts(record), line: record.line });
          for (const earlier of options.askBack?.(row) ?? []) duringStream.push([earlier, recall.read(earlier), records[earlier]!]);
        },
      },
      {
        opened: ({ delimiter, inputOffset }) => {
          opened = { delimiter, inputOffset };
          if (options.from === 'file' && inputOffset !== undefined) recall.readFrom(file, inputOffset, delimiter);
          else recall.spool(delimiter);
        },
        text: (chunk) => recall.append(chunk),
      },
    );
    const picked = records.flatMap((_, row) => ((options.recallAfter?.(row) ?? true) ? [row] : []));
    const afterwards = picked.map((row) => recall.read(row));
    return {
      records,
      duringStream,
      afterwards,
      afterwardsExpected: picked.map((row) => records[row]!),
      delimiter: opened!.delimiter,
      inputOffset: opened!.inputOffset,
    };
  } finally {
    recall.close();
    file.close();
  }
}

/** What a run must show: every record read again as the stream gave it, during the stream and after. */
function expectRecalledAsStreamed(run: RecallRun): void {
  expect(run.afterwards).toEqual(run.afterwardsExpected);
  for (const [row, recalled, streamed] of run.duringStream) expect({ row, ...recalled }).toEqual({ row, ...streamed });
}

// ---- Random CSV --------------------------------------------------------------------------------

const piece = fc.constantFrom('a', 'Zz', '1', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', 'é', '£', '€', '😀', '中', "'", '\u00a0');
const field = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join('')) },
  // Now and then a field long enough to cross the 4 KiB first window, or several.
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('x', 'é', '"', '\n', 'ab,'), fc.integer({ min: 1000, max: 6000 })).map(([unit, times]) => unit.repeat(times)),
  },
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

const csvCase = fc.record({
  delimiter: fc.constantFrom(',', ';'),
  records: fc.array(
    fc.record({
      fields: fc.array(field, { minLength: 1, maxLength: 5 }),
      quoteAnyway: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      end: lineEnd,
      blankLines: fc.array(lineEnd, { maxLength: 2 }),
    }),
    { maxLength: 70 },
  ),
  headerEnd: lineEnd,
  hasFinalLineEnd: fc.boolean(),
  chunkSizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5000 })), { minLength: 1, maxLength: 4 }),
  askBack: fc.array(fc.nat(), { maxLength: 3 }),
});
type CsvCase = typeof csvCase extends fc.Arbitrary<infer T> ? T : never;

function writeCase(c: CsvCase): string {
  let text = ['id', 'child_id', 'minutes'].join(c.delimiter) + c.headerEnd;
  c.records.forEach((record, index) => {
    const cells = record.fields.map((value, i) => {
      const mustQuote =
        value.includes(c.delimiter) || value.includes('\n') || value.includes('\r') || value.startsWith('"') || (value === '' && record.fields.length === 1);
      return mustQuote || record.quoteAnyway[i] === true ? `"${value.replaceAll('"', '""')}"` : value;
    });
    text += cells.join(c.delimiter);
    // (A CR-only end before a blank LF line reads as one CRLF: no matter, the stream is the reference.)
    if (index < c.records.length - 1 || c.hasFinalLineEnd) text += record.end + record.blankLines.join('');
  });
  return text;
}

/** Rows to read again while row `row` streams: itself, the one before, and a few picked from before it. */
function askBackFor(c: CsvCase): (row: number) => number[] {
  return (row) => [row, row - 1, ...c.askBack.map((pick) => pick % (row + 1))].filter((earlier) => earlier >= 0);
}

// windows-1252 as Node decodes it, inverted: enough to write the test files.
const WINDOWS_1252 = (() => {
  const decoder = new TextDecoder('windows-1252');
  const byChar = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = decoder.decode(Uint8Array.of(byte), { stream: true });
    if (char.length === 1 && !byChar.has(char)) byChar.set(char, byte);
  }
  return byChar;
})();

function encodeWindows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const byte = WINDOWS_1252.get(char);
      if (byte === undefined) throw new Error(`not in windows-1252: ${char}`);
      return byte;
    }),
  );
}

describe('RecordRecall reads a record again as the stream read it', () => {
  it('from a UTF-8 file read in place, random records, during the stream and after', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        const chunkSizes = c.chunkSizes[0]! % 2 === 0 ? undefined : c.chunkSizes;
        const run = await streamWithRecall(Buffer.from(writeCase(c), 'utf8'), { from: 'file', chunkSizes, askBack: askBackFor(c) });
        expect(run.inputOffset).toBe(0);
        expect(run.records).toHaveLength(c.records.length);
        expectRecalledAsStreamed(run);
      }),
      { numRuns: RUNS },
    );
  });

  it('from standard input, kept as it streams past, random records in random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        const run = await streamWithRecall(Buffer.from(writeCase(c), 'utf8'), { from: 'stdin', chunkSizes: c.chunkSizes, askBack: askBackFor(c) });
        expect(run.records).toHaveLength(c.records.length);
        expectRecalledAsStreamed(run);
      }),
      { numRuns: RUNS },
    );
  });

  it('from a file with a byte-order mark and a "sep=;" line, which the text offset must skip', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, fc.boolean(), fc.boolean(), fc.constantFrom('\n', '\r\n'), async (c, hasBom, hasSepLine, sepEnd) => {
        const text = (hasSepLine ? `sep=;${sepEnd}` : '') + writeCase({ ...c, delimiter: ';' });
        const bytes = Buffer.concat([hasBom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
        for (const from of ['file', 'stdin'] as const) {
          const run = await streamWithRecall(bytes, { from, chunkSizes: c.chunkSizes, askBack: askBackFor(c) });
          expect(run.delimiter).toBe(';');
          expect(run.inputOffset).toBe((hasBom ? 3 : 0) + (hasSepLine ? 'sep=;'.length : 0));
          expectRecalledAsStreamed(run);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('gives the lines an editor shows after a BOM and a "sep=;" line, and after quoted line breaks', async () => {
    const text = 'sep=;\r\nid;note\r\n1;"two\r\nlines"\r\n\r\n2;"three\nmore\rlines"\n3;plain';
    const run = await streamWithRecall(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), {
      from: 'file',
      askBack: (row) => [0, row],
    });
    expect(run.inputOffset).toBe(8);
    expect(run.records).toEqual([
      { fields: ['1', 'two\r\nlines'], line: 3 },
      { fields: ['2', 'three\nmore\rlines'], line: 6 },
      { fields: ['3', 'plain'], line: 9 },
    ]);
    expectRecalledAsStreamed(run);
  });

  it('a record far longer than the first 4 KiB window, among short ones and across a checkpoint', async () => {
    const long = `"${'é,"" \n'.repeat(9000)}"`; // ~72 KB, with line breaks inside
    const rows = Array.from({ length: 40 }, (_, i) => (i % 16 === 15 || i === 16 ? `${i},${long},x` : `${i},short,y`));
    const text = `id,note,z\n${rows.join('\r\n')}`;
    for (const from of ['file', 'stdin'] as const) {
      const run = await streamWithRecall(Buffer.from(text, 'utf8'), { from, chunkSizes: [3000], askBack: (row) => [row, Math.max(0, row - 17)] });
      expect(run.records).toHaveLength(40);
      expect(run.records[15]!.fields[1]).toBe('é," \n'.repeat(9000));
      expectRecalledAsStreamed(run);
    }
  });

  it('a last record with no line end whose end falls exactly where a window does', async () => {
    // The text from the checkpoint is exactly 4096 bytes: the first window holds the last record whole, but not its end.
    const head = 'id,note\n';
    const last = `0,${'x'.repeat(4096 - 2)}`;
    const run = await streamWithRecall(Buffer.from(head + last, 'utf8'), { from: 'file' });
    expect(run.records[0]!.fields[1]).toHaveLength(4094);
    expectRecalledAsStreamed(run);
  });

  it('more records than the first table of checkpoints holds (16,384)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => (i % 1000 === 7 ? `${i},"multi\nline ${i}",é` : `${i},C${i},45`));
    const text = `id,child_id,minutes\n${rows.join('\n')}\n`;
    for (const from of ['file', 'stdin'] as const) {
      const run = await streamWithRecall(Buffer.from(text, 'utf8'), {
        from,
        chunkSizes: [65_536],
        askBack: (row) => (row % 997 === 0 ? [row, row >> 1] : []),
        // Every record about the checkpoints' first growth and the end, and a sample of the rest.
        recallAfter: (row) => row % 13 === 0 || Math.abs(row - 16_384) < 40 || row >= 19_960,
      });
      expect(run.records).toHaveLength(20_000);
      expect(run.records[19_999]).toEqual({ fields: ['19999', 'C19999', '45'], line: 20_021 });
      expectRecalledAsStreamed(run);
    }
  });

  it('from a windows-1252 file, which is transcoded and so has no offset in the file: it must be kept', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async (c) => {
        // Only what windows-1252 can write; one é first so that the file cannot pass for UTF-8.
        const text = `é${writeCase(c).replace(/[😀中]/gu, '?')}`;
        const run = await streamWithRecall(encodeWindows1252(text), { from: 'file', encoding: 'windows-1252', askBack: askBackFor(c) });
        expect(run.inputOffset).toBeUndefined();
        expect(run.records).toHaveLength(c.records.length);
        expectRecalledAsStreamed(run);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('windows-1252 cells read again decode as they streamed: £, é, € and quoted line breaks', async () => {
    const text = 'contact_id;child_id;note\r\nA1;Zoë;"£5\r\nfee"\r\nA2;Zoë;€ 0x80\r\nA1;Renée;"say ""hi"""\r\n';
    const run = await streamWithRecall(encodeWindows1252(text), { from: 'file', encoding: 'windows-1252', askBack: (row) => [0, row] });
    expect(run.inputOffset).toBeUndefined();
    expect(run.records).toEqual([
      { fields: ['A1', 'Zoë', '£5\r\nfee'], line: 2 },
      { fields: ['A2', 'Zoë', '€ 0x80'], line: 4 },
      { fields: ['A1', 'Renée', 'say "hi"'], line: 5 },
    ]);
    expectRecalledAsStreamed(run);
  });

  it('reads a row again from the file it is reading, through its descriptor, after a new file is moved over the path', async () => {
    const text = `id,child_id,minutes\n${Array.from({ length: 100 }, (_, i) => `K${i},C${i},45`).join('\n')}\n`;
    const path = temporaryFile(Buffer.from(text, 'utf8'));
    const file = await openInputChunks(path, 'contacts');
    if (file.kind !== 'file') throw new Error('a plain file');
    const recall = new RecordRecall(path);
    try {
      recall.readFrom(file, 0, ',');
      recall.note(0, 0, 1);
      recall.note(16, text.indexOf('K15,'), 17);
      writeFileSync(`${path}.new`, text.replaceAll('C', 'X'));
      renameSync(`${path}.new`, path);
      expect(recall.read(20)).toEqual({ fields: ['K19', 'C19', '45'], line: 21 });
    } finally {
      recall.close();
      file.close();
    }
  });

  it('refuses to read a row again once the file has changed, with the sentence a changed input gets', async () => {
    const text = `id,child_id,minutes\n${Array.from({ length: 40 }, (_, i) => `K${i},C${i},45`).join('\n')}\n`;
    const path = temporaryFile(Buffer.from(text, 'utf8'));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path, anHourAgo, anHourAgo);
    const file = await openInputChunks(path, 'contacts');
    if (file.kind !== 'file') throw new Error('a plain file');
    const recall = new RecordRecall(path);
    try {
      recall.readFrom(file, 0, ',');
      recall.note(0, 0, 1);
      expect(recall.read(1)).toEqual({ fields: ['K0', 'C0', '45'], line: 2 });
      // The same length, other bytes: only the modification time tells. A recall checks at most every 10 ms.
      writeFileSync(path, text.replaceAll('C', 'X'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(() => recall.read(1)).toThrow('the contacts file changed while it was read: run again when the export is complete');
    } finally {
      recall.close();
      file.close();
    }
  });

  it('refuses to read before it knows where the text is, and close() can be called again', () => {
    const recall = new RecordRecall('contacts.csv');
    recall.note(0, 0, 2);
    expect(() => recall.read(0)).toThrow(/before readFrom or spool/);
    recall.close();
    recall.close();
  });
});
