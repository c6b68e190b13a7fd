// The record-size limit of the CSV engine: a record of more than MAX_RECORD_BYTES stops the read with
// its line named, however it is cut into chunks and whichever path splits it, and the read stops there
// rather than carrying the record on through the rest of the input. A record of exactly the limit reads.
import { describe, expect, it, vi } from 'vitest';
import { CsvInputError, MAX_FIELD_CHARS, MAX_RECORD_BYTES } from '../../../src/io/csvProblems.js';
import { FastCsvParser, fieldTexts, readCsvRecords } from '../../../src/io/fastCsvEngine.js';

const MIB = 1 << 20;

/** `count` fields of `width` bytes each (the last `lastExtra` bytes wider), joined by commas. */
function recordOf(count: number, width: number, lastExtra = 0): string {
  const fields = Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat(width + (i === count - 1 ? lastExtra : 0)));
  return fields.join(',');
}

async function* inChunks(bytes: Buffer, size: number, pulled: { bytes: number }): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    const chunk = bytes.subarray(offset, offset + size);
    pulled.bytes += chunk.length;
    yield chunk;
  }
}

async function readAll(text: string, chunkBytes: number): Promise<{ rows: string[][]; pulled: number }> {
  const rows: string[][] = [];
  const pulled = { bytes: 0 };
  await readCsvRecords(
    inChunks(Buffer.from(text, 'latin1'), chunkBytes, pulled),
    { source: 'contacts.csv' },
    { header() {}, row: (record) => rows.push(fieldTexts(record)) },
  );
  return { rows, pulled: pulled.bytes };
}

async function problemOf(read: Promise<unknown>): Promise<CsvInputError> {
  const error = await read.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(CsvInputError);
  return error as CsvInputError;
}

describe('a record over the size limit', () => {
  // 16 fields of 999,999 bytes and one of 1,000,000, with 15 commas: 16,000,000 bytes, each field under 1 MiB.
  const atLimit = recordOf(16, 999_999, 1);
  const overLimit = `${atLimit}x`;

  it('is 16 MB, and the test records sit either side of it', () => {
    expect(MAX_RECORD_BYTES).toBe(16_000_000);
    expect(atLimit).toHaveLength(MAX_RECORD_BYTES);
    expect(1_000_001).toBeLessThan(MAX_FIELD_CHARS);
  });

  it('reads a record of exactly the limit, carried across many chunks', async () => {
    const { rows } = await readAll(`id,note\n1,a\n${atLimit}\n2,b\n`, MIB);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.join(',')).toHaveLength(MAX_RECORD_BYTES);
  });

  for (const chunkBytes of [MIB, 3 * MIB + 7, 64 * 1024]) {
    it(`stops at one byte over, naming the line, in chunks of ${chunkBytes} bytes`, async () => {
      const error = await problemOf(readAll(`id,note\n1,a\n${overLimit}\n2,b\n`, chunkBytes));
      expect(error.problem).toEqual({ code: 'record-too-long', source: 'contacts.csv', line: 3, limit: MAX_RECORD_BYTES });
      expect(error.message).toBe('contacts.csv: line 3: a record of more than 16 MB starts on this line — is the file a CSV export?');
    });
  }

  it('stops as soon as the record is carried past the limit, not at the end of a 40 MB line', async () => {
    const line = recordOf(40, 999_999);
    const pulled = { bytes: 0 };
    const read = readCsvRecords(inChunks(Buffer.from(`id,note\n${line}\n`, 'latin1'), MIB, pulled), { source: 'contacts.csv' }, { header() {}, row() {} });
    expect((await problemOf(read)).problem).toMatchObject({ code: 'record-too-long', line: 2 });
    expect(pulled.bytes).toBeLessThanOrEqual(MAX_RECORD_BYTES + 2 * MIB);
  });

  it("from a pipe's 64 KiB chunks, is read again a few times on its way to the limit, not once a chunk", async () => {
    const writes = vi.spyOn(FastCsvParser.prototype, 'write');
    try {
      const pulled = { bytes: 0 };
      const read = readCsvRecords(
        inChunks(Buffer.from(`id,note\n${recordOf(40, 999_999)}\n`, 'latin1'), 64 * 1024, pulled),
        { source: 'contacts.csv' },
        { header() {}, row() {} },
      );
      expect((await problemOf(read)).problem).toMatchObject({ code: 'record-too-long', line: 2 });
      expect(pulled.bytes).toBeLessThanOrEqual(MAX_RECORD_BYTES + 2 * MIB);
      // 245 chunks of 64 KiB make 16 MB; waiting each time for as much as is carried, about a dozen writes.
      expect(writes.mock.calls.length).toBeLessThan(20);
    } finally {
      writes.mockRestore();
    }
  });

  it('is caught when it ends in the buffer after being carried under the limit, on either path', () => {
    const records = [
      // Plain fields: the line-split path once the line end is in view.
      overLimit,
      // Quoted fields with line breaks inside: the field-by-field path; the record starts on line 2 and spans 17.
      `${recordOf(16, 999_998, 1)
        .split(',')
        .map((field) => `"${field.slice(0, -1)}\n"`)
        .join(',')},"xy"`,
    ];
    for (const record of records) {
      const rows: number[] = [];
      const parser = new FastCsvParser(',', 'contacts.csv', { header() {}, row: (read) => rows.push(read.line) });
      const bytes = Buffer.from(`id,note\n${record}\n3,c\n`, 'latin1');
      expect(bytes.length - 8).toBeGreaterThan(MAX_RECORD_BYTES);
      // The first write carries 15 MB of the record, under the limit; the second ends it past the limit.
      parser.write(bytes.subarray(0, 15_000_000));
      let failure: unknown;
      try {
        parser.write(bytes.subarray(15_000_000));
      } catch (error) {
        failure = error;
      }
      expect((failure as CsvInputError).problem).toMatchObject({ code: 'record-too-long', line: 2 });
      expect(rows).toEqual([]);
    }
  });

  it('leaves a long record in one write alone: the limit guards what is carried, and a short record after one is read', () => {
    const rows: number[] = [];
    const parser = new FastCsvParser(',', 'contacts.csv', { header() {}, row: (read) => rows.push(read.line) });
    parser.write(Buffer.from(`id,note\n${atLimit}\n`, 'latin1'));
    parser.write(Buffer.from('1,a\n2,b', 'latin1'));
    parser.end();
    expect(rows).toEqual([2, 3, 4]);
  });
});
