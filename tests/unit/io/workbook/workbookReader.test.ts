import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import {
  cellReference,
  columnLetters,
  looksLikeWorkbook,
  readWorkbookRows,
  WorkbookInputError,
  type WorkbookProblemCode,
  type WorkbookReadOptions,
  type WorkbookReadSummary,
  type WorkbookRow,
} from '../../../../src/io/workbook/workbookReader.js';
import { temporaryDir } from '../../../e2e/cli.js';
import { cell, inlineCell, row, workbookBytes, writeWorkbook, type WorkbookSpec } from './xlsxWriter.js';

let dir: string;
let fileCount = 0;

beforeAll(() => {
  dir = temporaryDir('ehcp-workbook-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Reading {
  readonly rows: WorkbookRow[];
  readonly summary: WorkbookReadSummary;
}

async function readPath(path: string, options: Partial<WorkbookReadOptions> = {}): Promise<Reading> {
  const rows: WorkbookRow[] = [];
  const summary = await readWorkbookRows(path, { source: 'test.xlsx', ...options }, { row: (cells, rowNumber) => rows.push({ rowNumber, cells }) });
  return { rows, summary };
}

async function read(spec: WorkbookSpec | Uint8Array, options: Partial<WorkbookReadOptions> = {}): Promise<Reading> {
  return readPath(writeWorkbook(dir, `book${fileCount++}.xlsx`, spec), options);
}

/** Rows as [rowNumber, ...cells], for compact expectations. */
async function rowsOf(spec: WorkbookSpec | Uint8Array, options: Partial<WorkbookReadOptions> = {}): Promise<Array<[number, ...string[]]>> {
  const { rows } = await read(spec, options);
  return rows.map(({ rowNumber, cells }) => [rowNumber, ...cells]);
}

/** The one column of one row: the cell text the tool would see. */
async function cellsOf(spec: Omit<WorkbookSpec, 'sheets'>, cells: string): Promise<readonly string[]> {
  const { rows } = await read({ ...spec, sheets: [{ name: 'Sheet1', rows: row(1, cells) }] });
  expect(rows).toHaveLength(1);
  return rows[0]!.cells;
}

async function problemOf(spec: WorkbookSpec | Uint8Array | string, options: Partial<WorkbookReadOptions> = {}): Promise<WorkbookInputError> {
  const path = typeof spec === 'string' ? spec : writeWorkbook(dir, `book${fileCount++}.xlsx`, spec);
  const error: unknown = await readPath(path, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WorkbookInputError);
  expect(error).toBeInstanceOf(InputError);
  const message = (error as Error).message;
  // One sentence naming the file, never a stack.
  expect(message).toContain('test.xlsx');
  expect(message).not.toMatch(/\n|\bat .*\.js:\d+/);
  return error as WorkbookInputError;
}

async function expectProblem(spec: WorkbookSpec | Uint8Array | string, code: WorkbookProblemCode, words: readonly string[] = []): Promise<WorkbookInputError> {
  const error = await problemOf(spec);
  expect(error.problem.code, error.message).toBe(code);
  for (const word of words) expect(error.message).toContain(word);
  return error;
}

const oneSheet = (rows: string, extra: Partial<WorkbookSpec> = {}): WorkbookSpec => ({ sheets: [{ name: 'Sheet1', rows }], ...extra });

describe('cell text', () => {
  it('keeps text IDs as stored: leading zeros, spaces and all', async () => {
    const cells = await cellsOf(
      { sharedStrings: ['000123', ' 0042 ', 'Zoë O’Neil'] },
      cell('A1', '0', { t: 's' }) + cell('B1', '1', { t: 's' }) + cell('C1', '2', { t: 's' }),
    );
    expect(cells).toEqual(['000123', ' 0042 ', 'Zoë O’Neil']);
  });

  it('writes numbers as their shortest plain decimal, as Excel shows them', async () => {
    const stored = ['45', '4.5E+1', '0.75', '4857773456', '4.857773456E9', '-12.5', '0.30000000000000004', '1E-7', '1.5E+21', '123456789012345678'];
    const cells = await cellsOf({}, stored.map((value, i) => cell(`${columnLetters(i)}1`, value)).join(''));
    expect(cells).toEqual(['45', '45', '0.75', '4857773456', '4857773456', '-12.5', '0.3', '0.0000001', '1500000000000000000000', '123456789012346000']);
  });

  it('reads date-formatted numbers as ISO dates: built-in and custom formats', async () => {
    // 45538 is 3 September 2024 in the 1900 date system; 45538.5 is noon that day.
    const cells = await cellsOf(
      {
        numberFormats: { 164: 'dd/mm/yyyy', 165: 'dd/mm/yyyy hh:mm', 166: '[$-809]d mmmm yyyy;@', 167: '#,##0.00' },
        cellStyles: [0, 14, 164, 22, 165, 166, 167, 15],
      },
      cell('A1', '45538', { s: 1 }) +
        cell('B1', '45538', { s: 2 }) +
        cell('C1', '45538.5', { s: 3 }) +
        cell('D1', '45538.75', { s: 4 }) +
        cell('E1', '45538', { s: 5 }) +
        cell('F1', '45538', { s: 6 }) +
        cell('G1', '45538.75', { s: 7 }) +
        cell('H1', '45538'),
    );
    expect(cells).toEqual(['2024-09-03', '2024-09-03', '2024-09-03T12:00:00', '2024-09-03T18:00:00', '2024-09-03', '45538', '2024-09-03', '45538']);
  });

  it('counts from 1904 in a workbook of the 1904 date system', async () => {
    const cells = await cellsOf(
      { isDate1904: true, cellStyles: [0, 14, 22] },
      cell('A1', '44076', { s: 1 }) + cell('B1', '0', { s: 1 }) + cell('C1', '44076.25', { s: 2 }),
    );
    expect(cells).toEqual(['2024-09-03', '1904-01-01', '2024-09-03T06:00:00']);
  });

  it('keeps the 1900 leap-year bug: serial 60 is the 29 February 1900 Excel shows', async () => {
    const cells = await cellsOf(
      { cellStyles: [0, 14] },
      ['1', '59', '60', '61', '2958465', '2958466', '-1', '0'].map((value, i) => cell(`${columnLetters(i)}1`, value, { s: 1 })).join(''),
    );
    // Past 9999-12-31, below zero, and day 0 ("0 January 1900") Excel cannot show as a date: kept as numbers.
    expect(cells).toEqual(['1900-01-01', '1900-02-28', '1900-02-29', '1900-03-01', '9999-12-31', '2958466', '-1', '0']);
  });

  it('reads times as HH:MM:SS and elapsed times in whole hours', async () => {
    const cells = await cellsOf(
      { numberFormats: { 170: 'mm:ss', 171: '[h]:mm' }, cellStyles: [0, 20, 21, 46, 170, 171, 18] },
      cell('A1', '0.03125', { s: 1 }) +
        cell('B1', '0.5208449074', { s: 2 }) +
        cell('C1', '1.5', { s: 3 }) +
        cell('D1', '0.00052083333', { s: 4 }) +
        cell('E1', '1.0625', { s: 5 }) +
        cell('F1', '45538.75', { s: 6 }),
    );
    // 45 minutes; 12:30:01; a day and a half; 45 seconds; 25½ hours; a date-time in a time format shows its time.
    expect(cells).toEqual(['00:45:00', '12:30:01', '36:00:00', '00:00:45', '25:30:00', '18:00:00']);
  });

  it('gives a formula cell its cached value, never the formula', async () => {
    const cells = await cellsOf(
      { sharedStrings: ['x'] },
      cell('A1', '90', { formula: 'B1*2' }) +
        cell('B1', 'North Trust', { t: 'str', formula: 'CONCAT("North"," Trust")' }) +
        cell('C1', undefined, { formula: 'A1+1' }) +
        cell('D1', '1', { t: 'b', formula: 'A1>0' }),
    );
    expect(cells).toEqual(['90', 'North Trust', '', 'TRUE']);
  });

  it('joins rich-text runs and leaves out phonetic guides', async () => {
    const rich =
      '<si><r><rPr><b/></rPr><t>Occupational </t></r><r><t xml:space="preserve">Therapy</t></r><rPh sb="0" eb="1"><t>オキュ</t></rPh><phoneticPr fontId="1"/></si>';
    const cells = await cellsOf(
      { sharedStrings: [rich] },
      cell('A1', '0', { t: 's' }) + inlineCell('B1', '<r><t>Speech and </t></r><r><rPr><i/></rPr><t>Language</t></r>'),
    );
    expect(cells).toEqual(['Occupational Therapy', 'Speech and Language']);
  });

  it('reads inline strings, decodes entities and Excel’s _xHHHH_ escapes', async () => {
    const cells = await cellsOf(
      { sharedStrings: ['line one_x000D_\nline two', 'a_x005F_x000D_b'] },
      inlineCell('A1', '0042 & <Co>') + inlineCell('B1', '<t>tab&#9;here &#x1F600;</t>') + cell('C1', '0', { t: 's' }) + cell('D1', '1', { t: 's' }),
    );
    expect(cells).toEqual(['0042 & <Co>', 'tab\there 😀', 'line one\r\nline two', 'a_x000D_b']);
  });

  it('writes booleans as TRUE/FALSE and errors as their text', async () => {
    const cells = await cellsOf(
      {},
      cell('A1', '1', { t: 'b' }) + cell('B1', '0', { t: 'b' }) + cell('C1', '#N/A', { t: 'e' }) + cell('D1', '#DIV/0!', { t: 'e', formula: '1/0' }),
    );
    expect(cells).toEqual(['TRUE', 'FALSE', '#N/A', '#DIV/0!']);
  });

  it('reads ISO dates stored as text cells of type d', async () => {
    const cells = await cellsOf(
      {},
      cell('A1', '2024-09-03T00:00:00Z', { t: 'd' }) + cell('B1', '2024-09-03T14:05:00.000', { t: 'd' }) + cell('C1', '2024-09-03', { t: 'd' }),
    );
    expect(cells).toEqual(['2024-09-03', '2024-09-03T14:05:00', '2024-09-03']);
  });

  it('reads a sheet written with namespace prefixes and without r attributes', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const xml = `<x:worksheet xmlns:x="${main}"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row><x:row><x:c><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(await rowsOf(oneSheet(xml))).toEqual([
      [1, 'a', '2'],
      [2, '3'],
    ]);
  });
});

describe('rows', () => {
  it('delivers every row in order with the number Excel shows, blanks inside a row as ""', async () => {
    const rows =
      row(1, cell('A1', '0', { t: 's' }), cell('C1', '1', { t: 's' })) +
      row(2) +
      row(3, cell('A3', undefined, { s: 1 }), cell('B3', '')) +
      row(7, cell('B7', '5'), cell('D7', undefined), cell('E7', '0', { t: 's' })) +
      row(1048576, cell('XFD1048576', '9'));
    const reading = await rowsOf(oneSheet(rows, { sharedStrings: ['Child ID', 'Date'], cellStyles: [0, 14] }));
    const lastRow: [number, ...string[]] = [1048576, ...Array.from({ length: 16_383 }, () => ''), '9'];
    expect(reading).toEqual([[1, 'Child ID', '', 'Date'], [7, '', '5', '', '', 'Child ID'], lastRow]);
  });

  it('leaves a merged header cell blank after its top-left cell, and lists the merged ranges', async () => {
    const { rows, summary } = await read({
      sharedStrings: ['Child', 'Contact'],
      sheets: [
        {
          name: 'Sheet1',
          rows: row(1, cell('A1', '0', { t: 's' }), cell('B1', '1', { t: 's' })) + row(2, cell('A2', '7')),
          after: '<mergeCells count="2"><mergeCell ref="B1:D1"/><mergeCell ref="A3"/></mergeCells>',
        },
      ],
    });
    expect(rows.map(({ cells }) => cells)).toEqual([['Child', 'Contact'], ['7']]);
    expect(summary.mergedRanges).toEqual([
      { firstRow: 1, lastRow: 1, firstColumn: 1, lastColumn: 3 },
      { firstRow: 3, lastRow: 3, firstColumn: 0, lastColumn: 0 },
    ]);
  });

  it('reads a title block above the header and a totals row below as rows like any other', async () => {
    const rows =
      row(1, inlineCell('A1', 'EHCP provision report')) +
      row(2, inlineCell('A2', 'Run 31/03/2026')) +
      row(4, inlineCell('A4', 'Child ID'), inlineCell('B4', 'Hours')) +
      row(5, inlineCell('A5', '000123'), cell('B5', '1.5')) +
      row(6, inlineCell('A6', 'Total'), cell('B6', '1.5', { formula: 'SUM(B5:B5)' }));
    expect(await rowsOf(oneSheet(rows))).toEqual([
      [1, 'EHCP provision report'],
      [2, 'Run 31/03/2026'],
      [4, 'Child ID', 'Hours'],
      [5, '000123', '1.5'],
      [6, 'Total', '1.5'],
    ]);
  });
});

describe('sheets', () => {
  const sheets: WorkbookSpec = {
    sharedStrings: ['summary', 'plans', 'lookup'],
    sheets: [
      { name: 'Lookups', rows: row(1, cell('A1', '2', { t: 's' })), state: 'hidden' },
      { name: 'Summary', rows: row(1, cell('A1', '0', { t: 's' })) },
      { name: 'Plans 2024-25', rows: row(1, cell('A1', '1', { t: 's' })) },
      { name: 'Chart', rows: '', kind: 'chartsheet' },
    ],
  };

  it('reads the first visible sheet by default, in workbook order, and names every sheet', async () => {
    const { rows, summary } = await read(sheets);
    expect(rows).toEqual([{ rowNumber: 1, cells: ['summary'] }]);
    expect(summary.sheet).toBe('Summary');
    expect(summary.sheets).toEqual(['Lookups', 'Summary', 'Plans 2024-25', 'Chart']);
  });

  it('picks a sheet by name, whatever its case, hidden or not', async () => {
    expect((await read(sheets, { sheet: 'PLANS 2024-25' })).rows).toEqual([{ rowNumber: 1, cells: ['plans'] }]);
    expect((await read(sheets, { sheet: 'lookups' })).summary.sheet).toBe('Lookups');
  });

  it('stops on an unknown sheet name, listing the sheets', async () => {
    const error = await problemOf(sheets, { sheet: 'Contacts' });
    expect(error.problem.code).toBe('unknown-sheet');
    expect(error.message).toBe('test.xlsx has no sheet named "Contacts": its sheets are "Lookups", "Summary", "Plans 2024-25", "Chart"');
  });

  it('refuses a chart sheet picked by name', async () => {
    const error = await problemOf(sheets, { sheet: 'chart' });
    expect(error.problem.code).toBe('not-a-worksheet');
  });

  it('reads a workbook whose only text is inline (no shared-strings part) and whose parts are stored, not deflated', async () => {
    const spec: WorkbookSpec = { sheets: [{ name: 'Sheet1', rows: row(1, inlineCell('A1', 'x')) }] };
    const stored = { method: 'stored' as const };
    const partOptions = Object.fromEntries(
      ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml'].map((name) => [
        name,
        stored,
      ]),
    );
    expect(await rowsOf({ ...spec, partOptions })).toEqual([[1, 'x']]);
  });

  it('reads a ZIP64 workbook as large-file writers make them', async () => {
    expect(await rowsOf(oneSheet(row(1, inlineCell('A1', 'big')), { zip: { zip64: true } }))).toEqual([[1, 'big']]);
  });
});

describe('the summary', () => {
  it('gives the sheet, the rows delivered, the size and the SHA-256 of the file', async () => {
    const bytes = workbookBytes(oneSheet(row(1, inlineCell('A1', 'h')) + row(2) + row(3, cell('A3', '1'))));
    const { summary } = await read(bytes);
    expect(summary).toMatchObject({ sheet: 'Sheet1', rows: 2, bytes: bytes.length, isDate1904: false });
    expect(summary.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reports progress through the sheet as file offsets', async () => {
    const offsets: number[] = [];
    const bytes = workbookBytes(oneSheet(row(1, inlineCell('A1', 'x'))));
    await read(bytes, { onProgress: (offset) => offsets.push(offset) });
    expect(offsets.length).toBeGreaterThan(0);
    expect(Math.max(...offsets)).toBeLessThanOrEqual(bytes.length);
  });

  it('passes an error thrown by the sink out unchanged', async () => {
    const path = writeWorkbook(dir, 'sink.xlsx', oneSheet(row(1, inlineCell('A1', 'x')) + row(2, inlineCell('A2', 'y'))));
    const stop = new Error('enough');
    await expect(
      readWorkbookRows(
        path,
        { source: 'sink.xlsx' },
        {
          row: () => {
            throw stop;
          },
        },
      ),
    ).rejects.toBe(stop);
  });
});

describe('files that are not workbooks', () => {
  it('names a missing file, a folder and an empty file', async () => {
    await expectProblem(`${dir}/missing.xlsx`, 'unreadable', ['no such file']);
    mkdirSync(`${dir}/folder.xlsx`);
    await expectProblem(`${dir}/folder.xlsx`, 'unreadable', ['folder']);
    writeFileSync(`${dir}/empty.xlsx`, '');
    await expectProblem(`${dir}/empty.xlsx`, 'empty');
  });

  it('tells an old .xls or a password-protected workbook (OLE2) from a CSV renamed .xlsx', async () => {
    const ole2 = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole2);
    await expectProblem(ole2, 'xls-or-encrypted', ['password-protected', 'save it as .xlsx without a password', 'CSV UTF-8']);
    await expectProblem(Buffer.from('Child ID,Date\n000123,2024-09-03\n'), 'not-a-zip', ['CSV UTF-8']);
  });

  it('names an OpenDocument spreadsheet, a Word file and a binary workbook', async () => {
    const { zipBytes } = await import('./xlsxWriter.js');
    await expectProblem(
      zipBytes([
        { name: 'mimetype', content: 'application/vnd.oasis.opendocument.spreadsheet', method: 'stored' },
        { name: 'content.xml', content: '<x/>' },
      ]),
      'not-a-workbook',
      ['OpenDocument'],
    );
    const word = oneSheet('', { mainContentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' });
    await expectProblem(word, 'not-a-workbook', ['.docx']);
    await expectProblem(oneSheet('', { mainContentType: 'application/vnd.ms-excel.sheet.binary.macroEnabled.main' }), 'binary-workbook', ['.xlsb']);
  });

  it('looks at the first bytes', () => {
    expect(looksLikeWorkbook(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(looksLikeWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('xls-or-encrypted');
    expect(looksLikeWorkbook(Buffer.from('Child ID,Date'))).toBeUndefined();
    expect(looksLikeWorkbook(Buffer.from('PK'))).toBeUndefined();
  });
});

describe('cell references', () => {
  it('names cells as Excel does, quoting sheet names that need it', () => {
    expect(cellReference('Sheet1', 14, 2)).toBe('Sheet1!C14');
    expect(cellReference('My Sheet', 14, 2)).toBe("'My Sheet'!C14");
    expect(cellReference("Child's plans", 1, 0)).toBe("'Child''s plans'!A1");
    expect(cellReference('2024', 1, 0)).toBe("'2024'!A1");
    expect(cellReference('A1', 2, 1)).toBe("'A1'!B2");
    expect(cellReference('R1C1', 2, 1)).toBe("'R1C1'!B2");
    expect(cellReference('Plans-2024', 2, 1)).toBe("'Plans-2024'!B2");
    expect(cellReference('Contacts_2024.25', 2, 26)).toBe('Contacts_2024.25!AA2');
    expect(cellReference('Élèves', 3, 16_383)).toBe('Élèves!XFD3');
  });

  it('spells column letters', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});

// The committed hostile workbooks of fixtures/bad/xlsx-*: the reader stops each with the words the
// case expects, now; the corpus test will hold the CLI to the same once it reads workbooks.
describe('the hostile workbooks of fixtures/bad', () => {
  const root = new URL('../../../../fixtures/bad/', import.meta.url);
  const cases = [
    'xlsx-zip-bomb',
    'xlsx-million-columns',
    'xlsx-sparse-wide-rows',
    'xlsx-shared-strings-huge',
    'xlsx-entity-expansion',
    'xlsx-password-protected',
    'xlsx-macro-enabled',
    'xlsx-truncated',
    'xlsx-corrupt',
  ];
  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, root), 'utf8')) as {
        contacts: string;
        exit: number;
        stderrIncludes: string[];
        knownBug?: string;
      };
      expect(expected.exit).toBe(3);
      const path = new URL(`${name}/${expected.contacts}`, root).pathname;
      const started = performance.now();
      const error = await problemOf(path, { source: 'test.xlsx' });
      expect(performance.now() - started, 'a hostile workbook is refused within seconds').toBeLessThan(10_000);
      for (const words of expected.stderrIncludes) expect(error.message).toContain(words);
    });
  }
});
