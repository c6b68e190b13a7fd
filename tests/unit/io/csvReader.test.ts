import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../src/errors.js';
import { readCsvWithCsvParse } from '../../support/csvParseEngine.js';
import { CsvInputError, readCsv, type CsvReadOptions, type CsvReadSummary } from '../../../src/io/csvReader.js';
import { chooseDelimiter, scanHeaderRecord } from '../../../src/io/csvText.js';
import { FastCsvParser, fieldTexts, readCsvFast, textSink } from '../../../src/io/fastCsvEngine.js';

type Engine = typeof readCsvFast;
const ENGINES: ReadonlyArray<readonly [string, Engine]> = [
  ['fast engine', readCsvFast],
  ['csv-parse engine', readCsvWithCsvParse],
];

interface Record {
  readonly fields: string[];
  readonly line: number;
}
interface Reading {
  readonly header: Record | undefined;
  readonly rows: Record[];
  readonly summary: CsvReadSummary;
}

async function* chunksOf(bytes: Uint8Array, size: (index: number) => number): AsyncGenerator<Uint8Array> {
  for (let offset = 0, index = 0; offset < bytes.length; index++) {
    const length = Math.max(1, size(index));
    yield bytes.subarray(offset, offset + length);
    offset += length;
  }
}

function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

async function readWith(
  engine: Engine,
  input: string | Uint8Array,
  options: Partial<CsvReadOptions> = {},
  chunkSize: (index: number) => number = () => 1 << 16,
): Promise<Reading> {
  let header: Record | undefined;
  const rows: Record[] = [];
  const summary = await engine(
    chunksOf(bytesOf(input), chunkSize),
    { source: 'test.csv', ...options },
    {
      header: (fields, line) => {
        header = { fields, line };
      },
      row: (fields, line) => {
        rows.push({ fields, line });
      },
    },
  );
  return { header, rows, summary };
}

/** Header and rows as [line, ...fields] tuples, for compact expectations. */
function linesOf(reading: Reading): Array<[number, ...string[]]> {
  const records = reading.header === undefined ? reading.rows : [reading.header, ...reading.rows];
  return records.map((record) => [record.line, ...record.fields]);
}

async function problemOf(promise: Promise<unknown>): Promise<CsvInputError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CsvInputError);
  expect(error).toBeInstanceOf(InputError);
  return error as CsvInputError;
}

function utf16be(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return bytes;
}

/** A small seeded generator so that "random" chunkings are the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each(ENGINES)('%s', (_name, engine) => {
  describe('encodings', () => {
    it('reads UTF-8 without a BOM by default', async () => {
      const text = 'name,town\nZoë,Bromley £\n';
      const reading = await readWith(engine, text);
      expect(linesOf(reading)).toEqual([
        [1, 'name', 'town'],
        [2, 'Zoë', 'Bromley £'],
      ]);
      expect(reading.summary).toEqual({ encoding: 'utf-8', hadBom: false, delimiter: ',', records: 1, bytesRead: Buffer.byteLength(text) });
    });

    it('strips a UTF-8 BOM', async () => {
      const reading = await readWith(engine, '\uFEFFchild_id,minutes\nC1,45\n');
      expect(reading.header?.fields).toEqual(['child_id', 'minutes']);
      expect(reading.summary).toMatchObject({ encoding: 'utf-8', hadBom: true, bytesRead: 26 });
    });

    it('keeps a second U+FEFF after the BOM as content', async () => {
      const reading = await readWith(engine, '\uFEFF\uFEFFa\n1\n');
      expect(reading.header?.fields).toEqual(['\uFEFFa']);
    });

    it('reads UTF-16 LE with a BOM', async () => {
      const reading = await readWith(engine, Buffer.from('\uFEFFname;town\r\nZoë;£5 😀\r\n', 'utf16le'));
      expect(linesOf(reading)).toEqual([
        [1, 'name', 'town'],
        [2, 'Zoë', '£5 😀'],
      ]);
      expect(reading.summary).toMatchObject({ encoding: 'utf-16le', hadBom: true, delimiter: ';' });
    });

    it('reads UTF-16 BE with a BOM', async () => {
      const reading = await readWith(engine, utf16be('\uFEFFname,town\nZoë,£5 😀\n'));
      expect(linesOf(reading)).toEqual([
        [1, 'name', 'town'],
        [2, 'Zoë', '£5 😀'],
      ]);
      expect(reading.summary).toMatchObject({ encoding: 'utf-16be', hadBom: true });
    });

    it('reads UTF-16 split into odd-sized chunks, a surrogate pair cut in half included', async () => {
      const bytes = Buffer.from('\uFEFFa,b\n😀,é\n', 'utf16le');
      const reading = await readWith(engine, bytes, {}, () => 3);
      expect(linesOf(reading)).toEqual([
        [1, 'a', 'b'],
        [2, '😀', 'é'],
      ]);
    });

    it('reads UTF-16 LE without a BOM when it is forced', async () => {
      const reading = await readWith(engine, Buffer.from('a,b\n1,2\n', 'utf16le'), { encoding: 'utf-16le' });
      expect(linesOf(reading)).toEqual([
        [1, 'a', 'b'],
        [2, '1', '2'],
      ]);
      expect(reading.summary).toMatchObject({ encoding: 'utf-16le', hadBom: false });
    });

    it('reads windows-1252 when forced: "Zoë £"', async () => {
      const reading = await readWith(engine, Buffer.from('name,note\nZoë,£12\n', 'latin1'), { encoding: 'windows-1252' });
      expect(linesOf(reading)).toEqual([
        [1, 'name', 'note'],
        [2, 'Zoë', '£12'],
      ]);
      expect(reading.summary.encoding).toBe('windows-1252');
    });

    it('decodes windows-1252 bytes 0x80–0x9F as the WHATWG table says, not as Latin-1', async () => {
      const c1 = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
      const bytes = Buffer.concat([Buffer.from('x\n'), c1, Buffer.from('\n')]);
      const reading = await readWith(engine, bytes, { encoding: 'windows-1252' });
      expect(reading.rows[0]?.fields).toEqual(['€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ']);
    });

    it('lets a BOM win over a forced encoding', async () => {
      const reading = await readWith(engine, '\uFEFFname\nZoë\n', { encoding: 'windows-1252' });
      expect(reading.rows[0]?.fields).toEqual(['Zoë']);
      expect(reading.summary).toMatchObject({ encoding: 'utf-8', hadBom: true });
    });

    it('stops at invalid UTF-8 far past the first 64 KiB too, naming its line', async () => {
      const filler = `a,b\n${'x,y\r\n'.repeat(20_000)}`;
      const bytes = Buffer.concat([Buffer.from(filler), Buffer.from([0x62, 0xff, 0x63, 0x0a, 0x64, 0x0a])]);
      const failure = await readWith(engine, bytes).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CsvInputError);
      expect((failure as CsvInputError).problem).toEqual({ code: 'invalid-utf-8', source: 'test.csv', line: 20_002 });
    });

    it('names the --encoding that a UTF-8 start overruled, when a later line is not UTF-8 after all', async () => {
      const filler = `name,town\nZoë,Leeds\n${'x,y\n'.repeat(20_000)}`;
      const bytes = Buffer.concat([Buffer.from(filler, 'utf8'), Buffer.from([0x5a, 0x6f, 0xeb, 0x2c, 0x79, 0x0a])]);
      const failure = await readWith(engine, bytes, { encoding: 'windows-1252' }).catch((error: unknown) => error);
      expect((failure as CsvInputError).problem).toEqual({ code: 'invalid-utf-8', source: 'test.csv', line: 20_003, givenEncoding: 'windows-1252' });
      expect((failure as CsvInputError).message).toContain("line 20003: this line is not valid UTF-8, though the file's first 64 KiB are");
    });
  });

  describe('line ends and line numbers', () => {
    it('reads CRLF', async () => {
      expect(linesOf(await readWith(engine, 'a,b\r\n1,2\r\n3,4\r\n'))).toEqual([
        [1, 'a', 'b'],
        [2, '1', '2'],
        [3, '3', '4'],
      ]);
    });

    it('reads lone CR', async () => {
      expect(linesOf(await readWith(engine, 'a,b\r1,2\r3,4'))).toEqual([
        [1, 'a', 'b'],
        [2, '1', '2'],
        [3, '3', '4'],
      ]);
    });

    it('reads LF, CRLF and CR mixed in one file', async () => {
      expect(linesOf(await readWith(engine, 'a,b\r\n1,2\n3,4\r5,6\r\n7,8'))).toEqual([
        [1, 'a', 'b'],
        [2, '1', '2'],
        [3, '3', '4'],
        [4, '5', '6'],
        [5, '7', '8'],
      ]);
    });

    it('skips blank lines but counts them', async () => {
      expect(linesOf(await readWith(engine, '\n\r\na,b\n\n1,2\r\n\r\n\r3,4\n\n'))).toEqual([
        [3, 'a', 'b'],
        [5, '1', '2'],
        [8, '3', '4'],
      ]);
    });

    it('keeps a line of spaces as a record: only empty lines are blank', async () => {
      expect(linesOf(await readWith(engine, 'a\n  \n\t\n'))).toEqual([
        [1, 'a'],
        [2, '  '],
        [3, '\t'],
      ]);
    });

    it('numbers the record after an embedded newline after the lines it spans', async () => {
      const reading = await readWith(engine, 'id,note\n1,"first\nsecond\r\nthird"\n2,plain\r\n3,"x\ry"\n4,end');
      expect(linesOf(reading)).toEqual([
        [1, 'id', 'note'],
        [2, '1', 'first\nsecond\r\nthird'],
        [5, '2', 'plain'],
        [6, '3', 'x\ry'],
        [8, '4', 'end'],
      ]);
    });

    it('keeps a CRLF inside quotes as it was written and counts it as one line', async () => {
      const reading = await readWith(engine, 'a\r\n"1\r\n2"\r\nnext\r\n');
      expect(linesOf(reading)).toEqual([
        [1, 'a'],
        [2, '1\r\n2'],
        [4, 'next'],
      ]);
    });

    it('reads a last record without a line end', async () => {
      expect(linesOf(await readWith(engine, 'a,b\n1,2'))).toEqual([
        [1, 'a', 'b'],
        [2, '1', '2'],
      ]);
    });
  });

  describe('fields', () => {
    it('unquotes RFC 4180 fields: delimiters, doubled quotes, empty quoted fields', async () => {
      const reading = await readWith(engine, 'a,b,c\n"x, y","say ""hi""",""\n"",,\n');
      expect(linesOf(reading)).toEqual([
        [1, 'a', 'b', 'c'],
        [2, 'x, y', 'say "hi"', ''],
        [3, '', '', ''],
      ]);
    });

    it('reads a record of one empty quoted field as a record, not a blank line', async () => {
      expect(linesOf(await readWith(engine, 'a\n""\n1\n'))).toEqual([
        [1, 'a'],
        [2, ''],
        [3, '1'],
      ]);
    });

    it('lets records have fewer or more fields than the header', async () => {
      expect(linesOf(await readWith(engine, 'a,b,c\n1\n1,2,3,4,5\n'))).toEqual([
        [1, 'a', 'b', 'c'],
        [2, '1'],
        [3, '1', '2', '3', '4', '5'],
      ]);
    });

    it('reads a trailing delimiter as a trailing empty field, at the end of the file too', async () => {
      expect(linesOf(await readWith(engine, 'a,b,\n1,2,'))).toEqual([
        [1, 'a', 'b', ''],
        [2, '1', '2', ''],
      ]);
    });

    it('takes a quote in the middle of an unquoted field literally, as Excel does', async () => {
      const reading = await readWith(engine, 'height,name\n5\'11",O"Brien\nab"c,"d"\n');
      expect(reading.rows.map((row) => row.fields)).toEqual([
        ['5\'11"', 'O"Brien'],
        ['ab"c', 'd'],
      ]);
    });

    it('takes a quote after leading spaces literally: the field did not start with it', async () => {
      expect((await readWith(engine, 'a,b\n "x",y\n')).rows[0]?.fields).toEqual([' "x"', 'y']);
    });

    it('gives each row its own array, which the sink may keep', async () => {
      const reading = await readWith(engine, 'a\n1\n2\n"3"\n"4"\n');
      const arrays = reading.rows.map((row) => row.fields);
      expect(new Set(arrays).size).toBe(4);
      expect(arrays).toEqual([['1'], ['2'], ['3'], ['4']]);
    });
  });

  describe('delimiter', () => {
    it('detects semicolons from the header line', async () => {
      const reading = await readWith(engine, 'a;b;c\n1,5;2;3\n');
      expect(reading.summary.delimiter).toBe(';');
      expect(reading.rows[0]?.fields).toEqual(['1,5', '2', '3']);
    });

    it('detects tabs from the header line', async () => {
      const reading = await readWith(engine, 'child id\tdate\tnote\nC1\t2024-09-03\ta, b; c\n');
      expect(reading.summary.delimiter).toBe('\t');
      expect(reading.rows[0]?.fields).toEqual(['C1', '2024-09-03', 'a, b; c']);
    });

    it('does not count delimiters inside quotes', async () => {
      const reading = await readWith(engine, '"a;b;c";"d,e"\n1;2\n');
      expect(reading.summary.delimiter).toBe(';');
      expect(reading.header?.fields).toEqual(['a;b;c', 'd,e']);
    });

    it('detects from a header that follows blank lines and spans chunks', async () => {
      const reading = await readWith(engine, '\n\nalpha;beta;gamma\n1;2;3\n', {}, () => 2);
      expect(reading.summary.delimiter).toBe(';');
      expect(linesOf(reading)).toEqual([
        [3, 'alpha', 'beta', 'gamma'],
        [4, '1', '2', '3'],
      ]);
    });

    it('uses comma when there is no delimiter in the header or on a tie', async () => {
      expect((await readWith(engine, 'child_id\nC1;x\n')).summary.delimiter).toBe(',');
      expect((await readWith(engine, 'a;b\tc\n')).summary.delimiter).toBe(',');
      expect((await readWith(engine, 'a;b,c\n')).summary.delimiter).toBe(',');
    });

    it('obeys a forced delimiter', async () => {
      const reading = await readWith(engine, 'a,b|c\n1,2|3\n', { delimiter: '|' });
      expect(reading.rows[0]?.fields).toEqual(['1,2', '3']);
      expect(reading.summary.delimiter).toBe('|');
    });

    it('refuses a forced delimiter that cannot work', async () => {
      await expect(readWith(engine, 'a\n', { delimiter: ',,' })).rejects.toBeInstanceOf(UsageError);
      await expect(readWith(engine, 'a\n', { delimiter: '"' })).rejects.toBeInstanceOf(UsageError);
    });
  });

  describe('chunk boundaries', () => {
    const sample = '\uFEFFid;note;town\r\n\r\n1;"a;b ""q""\r\nline two";Zoë\r2;plain;£\n\n3;"";😀 end\r\n4;"x""";"\r"\r\n5;ab"c;last,';

    it('reads the same rows from 1-byte chunks as from one chunk', async () => {
      const whole = await readWith(engine, sample, {}, () => 1 << 20);
      const bytewise = await readWith(engine, sample, {}, () => 1);
      expect(linesOf(bytewise)).toEqual(linesOf(whole));
      expect(linesOf(whole)).toEqual([
        [1, 'id', 'note', 'town'],
        [3, '1', 'a;b "q"\r\nline two', 'Zoë'],
        [5, '2', 'plain', '£'],
        [7, '3', '', '😀 end'],
        [8, '4', 'x"', '\r'],
        [10, '5', 'ab"c', 'last,'],
      ]);
      expect(bytewise.summary).toEqual(whole.summary);
    });

    it('reads the same rows from random chunkings', async () => {
      const whole = linesOf(await readWith(engine, sample));
      for (let seed = 1; seed <= 40; seed++) {
        const random = seeded(seed);
        expect(linesOf(await readWith(engine, sample, {}, () => 1 + Math.floor(random() * 9)))).toEqual(whole);
      }
    });

    it('joins a CRLF cut between two chunks into one line end', async () => {
      const reading = await readWith(engine, 'a\r\nb\r\n\r\nc\r\n', {}, () => 2);
      expect(linesOf(reading)).toEqual([
        [1, 'a'],
        [2, 'b'],
        [4, 'c'],
      ]);
    });
  });

  describe('malformed CSV', () => {
    it('names the line where an unclosed quoted field opens', async () => {
      const error = await problemOf(readWith(engine, 'a,b\n1,2\n"never closed,3\n4,5\n'));
      expect(error.problem).toMatchObject({ code: 'unclosed-quote', line: 3 });
      expect(error.message).toBe('test.csv: line 3: a quoted field opened here is never closed');
    });

    it('rejects text after a closing quote, naming the line', async () => {
      const error = await problemOf(readWith(engine, 'a,b\n1,2\n"abc"x,3\n'));
      expect(error.problem).toMatchObject({ code: 'text-after-quote', line: 3 });
      expect(error.message).toMatch(/^test\.csv: line 3: /);
    });

    it('rejects a space after a closing quote', async () => {
      expect((await problemOf(readWith(engine, 'a,b\n"abc" ,3\n'))).problem).toMatchObject({ code: 'text-after-quote', line: 2 });
    });

    it('rejects a quoted field followed by more text at the end of the file', async () => {
      expect((await problemOf(readWith(engine, 'a\n"x"y'))).problem).toMatchObject({ code: 'text-after-quote', line: 2 });
    });
  });

  describe('limits', () => {
    it('accepts a field of exactly 1 MiB and refuses a longer one', async () => {
      const limit = 1 << 20;
      const ok = await readWith(engine, `a,b\n1,${'x'.repeat(limit)}\n`);
      expect(ok.rows[0]?.fields[1]?.length).toBe(limit);
      const error = await problemOf(readWith(engine, `a,b\n1,2\n3,${'x'.repeat(limit + 1)}\n`));
      expect(error.problem).toMatchObject({ code: 'field-too-long', line: 3 });
      expect(error.message).toBe('test.csv: line 3: a field is longer than 1 MB — is this a CSV file?');
    });

    it('refuses a quoted field over 1 MiB', async () => {
      const error = await problemOf(readWith(engine, `a\n"${'x"",'.repeat(400_000)}"\n`));
      expect(error.problem).toMatchObject({ code: 'field-too-long', line: 2 });
    });

    it('accepts 10,000 fields and refuses 10,001', async () => {
      const ok = await readWith(engine, `a\n${','.repeat(9_999)}\n`);
      expect(ok.rows[0]?.fields.length).toBe(10_000);
      const error = await problemOf(readWith(engine, `a\n1\n${','.repeat(10_000)}\n`));
      expect(error.problem).toMatchObject({ code: 'too-many-fields', line: 3 });
      expect(error.message).toMatch(/^test\.csv: line 3: a record has more than 10,000 fields/);
    });
  });

  describe('files that are not CSV text', () => {
    it('refuses an empty file', async () => {
      const error = await problemOf(readWith(engine, ''));
      expect(error.problem.code).toBe('empty');
      expect(error.message).toBe('test.csv is empty: expected a header row');
    });

    it('refuses a file holding only a BOM or blank lines', async () => {
      expect((await problemOf(readWith(engine, '\uFEFF'))).problem.code).toBe('empty');
      expect((await problemOf(readWith(engine, '\r\n\n\r'))).problem.code).toBe('empty');
    });

    it('accepts a header with no rows', async () => {
      const reading = await readWith(engine, 'a,b\n');
      expect(reading.header).toEqual({ fields: ['a', 'b'], line: 1 });
      expect(reading.summary.records).toBe(0);
    });

    it('recognises an Excel workbook given in place of a CSV export', async () => {
      const xlsx = await problemOf(readWith(engine, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08]), {}, () => 1));
      expect(xlsx.problem).toMatchObject({ code: 'workbook', format: 'xlsx' });
      expect(xlsx.message).toBe(
        'test.csv is a spreadsheet workbook (.xlsx or another zip file), not a CSV file: save it from Excel as "CSV UTF-8 (Comma delimited)" and pass that file',
      );
      const xls = await problemOf(readWith(engine, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00])));
      expect(xls.problem).toMatchObject({ code: 'workbook', format: 'xls' });
    });

    it('refuses NUL bytes', async () => {
      const error = await problemOf(readWith(engine, Buffer.from([0x61, 0x0a, 0x62, 0x00, 0x63, 0x0a])));
      expect(error.problem).toMatchObject({ code: 'nul-bytes', likelyEncoding: undefined });
      expect(error.message).toBe('test.csv does not look like a text CSV file (it contains NUL bytes)');
    });

    it('refuses NUL bytes in windows-1252 input too', async () => {
      const error = await problemOf(readWith(engine, Buffer.from([0x61, 0x0a, 0x00]), { encoding: 'windows-1252' }));
      expect(error.problem.code).toBe('nul-bytes');
    });

    it('suggests UTF-16 for UTF-16 text without a BOM', async () => {
      const le = await problemOf(readWith(engine, Buffer.from('name,town\nZoë,Bromley\n', 'utf16le')));
      expect(le.problem).toMatchObject({ code: 'nul-bytes', likelyEncoding: 'utf-16le' });
      expect(le.message).toMatch(/if it is UTF-16 text without a byte-order mark, pass --encoding utf-16le$/);
      const be = await problemOf(readWith(engine, utf16be('name,town\nZoë,Bromley\n')));
      expect(be.problem).toMatchObject({ code: 'nul-bytes', likelyEncoding: 'utf-16be' });
    });

    it('refuses invalid UTF-8 in the first 64 KiB, naming the line and suggesting windows-1252', async () => {
      const bytes = Buffer.concat([Buffer.from('name\r\nAnn\r\n'), Buffer.from([0x5a, 0x6f, 0xeb, 0x0a])]);
      const error = await problemOf(readWith(engine, bytes));
      expect(error.problem).toMatchObject({ code: 'invalid-utf-8', line: 3 });
      expect(error.message).toBe('test.csv does not look like a text CSV file (line 3 is not valid UTF-8); if it is, pass --encoding windows-1252');
    });

    it('refuses UTF-8 cut short at the end of a small file', async () => {
      expect((await problemOf(readWith(engine, Buffer.from([0x61, 0x0a, 0xe2, 0x82])))).problem.code).toBe('invalid-utf-8');
    });

    it('turns a failure to read into an InputError naming the source', async () => {
      const missing = await problemOf(engine(createReadStream(join(tmpdir(), 'ehcp-no-such-dir', 'x.csv')), { source: 'x.csv' }, { header() {}, row() {} }));
      expect(missing.problem.code).toBe('unreadable');
      expect(missing.message).toBe('cannot read x.csv: no such file; check the path');
      async function* broken() {
        yield Buffer.from('a\n1\n');
        throw new Error('connection reset');
      }
      const midway = await problemOf(engine(broken(), { source: 'standard input' }, { header() {}, row() {} }));
      expect(midway.message).toBe('cannot read standard input: connection reset');
    });

    it('refuses a stream that yields strings', async () => {
      async function* strings() {
        yield 'a,b\n' as unknown as Uint8Array;
      }
      await expect(engine(strings(), { source: 'x' }, { header() {}, row() {} })).rejects.toBeInstanceOf(TypeError);
    });
  });

  describe('the caller', () => {
    it('reports progress at most every 64 KiB and once at the end', async () => {
      const text = `a,b\n${'12345,67890\n'.repeat(30_000)}`;
      const seen: number[] = [];
      await readWith(engine, text, { onProgress: (bytes) => seen.push(bytes) }, () => 10_000);
      expect(seen.at(-1)).toBe(text.length);
      for (let i = 1; i < seen.length - 1; i++) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(64 * 1024);
      expect(seen.length).toBeGreaterThan(3);
    });

    it('passes an error thrown by the sink through unchanged and stops reading', async () => {
      let pulled = 0;
      let isClosed = false;
      async function* input() {
        try {
          for (let i = 0; i < 1000; i++) {
            pulled++;
            yield Buffer.from(i === 0 ? 'a\n' : `${'row\n'.repeat(5000)}`);
          }
        } finally {
          isClosed = true;
        }
      }
      const stop = new InputError('missing column');
      const promise = engine(
        input(),
        { source: 'x' },
        {
          header() {},
          row(_fields, line) {
            if (line === 3) throw stop;
          },
        },
      );
      await expect(promise).rejects.toBe(stop);
      expect(isClosed).toBe(true);
      expect(pulled).toBeLessThan(10);
    });
  });
});

describe('readCsv', () => {
  it('reads with the fast engine', async () => {
    expect(linesOf(await readWith(readCsv, 'a\n1\n'))).toEqual([
      [1, 'a'],
      [2, '1'],
    ]);
  });
});

describe('fast engine only', () => {
  it('splits only the wanted leading fields of a plain line, and the rest on complete(), exactly as a full split', () => {
    const text = 'a,b,c,d,e\n1,2,3,4,5\n6,7\n"8",9,10,11,12\n13,14,15,,\n';
    const seen: Array<{ before: number; first: string[]; all: string[]; offset: number }> = [];
    const parser = new FastCsvParser(
      ',',
      'test.csv',
      {
        header() {},
        row(record) {
          const before = record.fieldCount;
          const first = Array.from({ length: before }, (_, i) => record.text(i));
          seen.push({ before, first, all: fieldTexts(record), offset: record.offset });
        },
      },
      { wantedFields: () => 2 },
    );
    parser.write(Buffer.from(text, 'utf8'));
    parser.end();
    expect(seen).toEqual([
      { before: 2, first: ['1', '2'], all: ['1', '2', '3', '4', '5'], offset: 10 },
      { before: 2, first: ['6', '7'], all: ['6', '7'], offset: 20 },
      // A line with quotes goes the field-by-field way and is split whole.
      { before: 5, first: ['8', '9', '10', '11', '12'], all: ['8', '9', '10', '11', '12'], offset: 24 },
      { before: 2, first: ['13', '14'], all: ['13', '14', '15', '', ''], offset: 39 },
    ]);
  });

  it('still finds too many fields on a long line when only the first fields are wanted', () => {
    const parser = new FastCsvParser(',', 'wide.csv', { header() {}, row: (record) => record.complete() }, { wantedFields: () => 2 });
    expect(() => parser.write(Buffer.from(`a,b\n${'x,'.repeat(10_001)}x\n`, 'utf8'))).toThrow(
      expect.objectContaining({ problem: expect.objectContaining({ code: 'too-many-fields', line: 2 }) }),
    );
  });

  /**
   * UTF-8 bytes straight into the parser, cut into pieces (inside multi-byte characters too): the
   * reader gathers small chunks before parsing, which would hide the cuts.
   */
  function parsePieces(text: string, size: (index: number) => number): Array<[number, ...string[]]> {
    const bytes = Buffer.from(text, 'utf8');
    const records: Array<[number, ...string[]]> = [];
    const collect = (fields: string[], line: number) => {
      records.push([line, ...fields]);
    };
    const parser = new FastCsvParser(';', 'test.csv', textSink({ header: collect, row: collect }));
    for (let offset = 0, index = 0; offset < bytes.length; index++) {
      const length = Math.max(1, size(index));
      parser.write(bytes.subarray(offset, offset + length));
      offset += length;
    }
    parser.end();
    return records;
  }

  it('carries records, fields, quotes and CRLFs across every possible cut', () => {
    const text = 'id;note\r\n\r\n1;"a;b ""q""\r\nline two";Zoë\r2;plain;£\n\n3;"";😀\r\n4;"x""";"\r"\r\n5;ab"c;last;';
    const whole = parsePieces(text, () => text.length);
    expect(whole).toEqual([
      [1, 'id', 'note'],
      [3, '1', 'a;b "q"\r\nline two', 'Zoë'],
      [5, '2', 'plain', '£'],
      [7, '3', '', '😀'],
      [8, '4', 'x"', '\r'],
      [10, '5', 'ab"c', 'last', ''],
    ]);
    expect(parsePieces(text, () => 1)).toEqual(whole);
    for (let cut = 1; cut < text.length; cut++) expect(parsePieces(text, (index) => (index === 0 ? cut : text.length))).toEqual(whole);
  });
  it('stops a runaway quoted field at 1 MiB instead of reading the rest of the file', async () => {
    let pulled = 0;
    async function* input() {
      yield Buffer.from('a\n1\n"opened');
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield Buffer.from('x'.repeat(64 * 1024));
      }
    }
    const error = await problemOf(readCsvFast(input(), { source: 'big.csv' }, { header() {}, row() {} }));
    expect(error.problem).toMatchObject({ code: 'field-too-long', line: 3 });
    expect(pulled).toBeLessThan(40);
  });

  it('names the line of the closing quote when text follows it', async () => {
    const error = await problemOf(readWith(readCsvFast, 'a\n"one\ntwo"x\n'));
    expect(error.problem).toMatchObject({ code: 'text-after-quote', line: 3 });
  });

  it('names the line where the quote opens when it is not the first field of the record', async () => {
    const error = await problemOf(readWith(readCsvFast, 'a,b\n"x\ny","open\n'));
    expect(error.problem).toMatchObject({ code: 'unclosed-quote', line: 3 });
  });
});

describe('delimiter detection', () => {
  it('counts candidates outside quotes in the first non-blank record', () => {
    expect(scanHeaderRecord('\r\n"a,b";"c"\td\nx,y,z')).toEqual({ counts: { ',': 0, ';': 1, '\t': 1 }, isComplete: true });
    expect(scanHeaderRecord('a,"b\nc",d')).toEqual({ counts: { ',': 2, ';': 0, '\t': 0 }, isComplete: false });
    expect(scanHeaderRecord('height 5\'11",x;y\n')).toEqual({ counts: { ',': 1, ';': 1, '\t': 0 }, isComplete: true });
  });

  it('picks the strictly most frequent candidate, else comma', () => {
    expect(chooseDelimiter({ ',': 1, ';': 2, '\t': 0 })).toBe(';');
    expect(chooseDelimiter({ ',': 0, ';': 0, '\t': 3 })).toBe('\t');
    expect(chooseDelimiter({ ',': 0, ';': 2, '\t': 2 })).toBe(',');
    expect(chooseDelimiter({ ',': 0, ';': 0, '\t': 0 })).toBe(',');
  });
});
