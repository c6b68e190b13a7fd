// Hostile and broken workbooks, each stopped with a WorkbookInputError saying what it is, quickly and
// without reading more than the limits allow. The committed fixtures (fixtures/bad/xlsx-*) are checked
// in workbookReader.test.ts; the variations here are built at run time.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbookRows, WorkbookInputError, type WorkbookProblemCode } from '../../../../src/io/workbook/workbookReader.js';
import {
  MAX_CELL_CHARS,
  MAX_COMPRESSION_RATIO,
  MAX_ROW_CHARS,
  MAX_SHARED_STRING_BYTES,
  MAX_TEXT_PER_XML_BYTE,
} from '../../../../src/io/workbook/workbookProblems.js';
import { fixture, temporaryDir } from '../../../e2e/cli.js';
import { contactsSpec, HOSTILE_WORKBOOKS } from './hostileWorkbooks.js';
import { cell, inlineCell, row, workbookBytes, workbookParts, zipBytes, type WorkbookSpec, type ZipPart } from './xlsxWriter.js';

let dir: string;
let count = 0;
beforeAll(() => {
  dir = temporaryDir('ehcp-hostile-workbook-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(bytes: Uint8Array): Promise<{ error: WorkbookInputError; rows: number; seconds: number }> {
  const path = join(dir, `hostile${count++}.xlsx`);
  writeFileSync(path, bytes);
  let rows = 0;
  const started = performance.now();
  const error: unknown = await readWorkbookRows(path, { source: 'contacts.xlsx' }, { row: () => rows++ }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'the workbook should have been refused').toBeInstanceOf(WorkbookInputError);
  return { error: error as WorkbookInputError, rows, seconds: (performance.now() - started) / 1000 };
}

async function expectRefused(bytes: Uint8Array, code: WorkbookProblemCode, words: readonly string[] = []): Promise<WorkbookInputError> {
  const { error, seconds } = await refusal(bytes);
  expect(error.problem.code, error.message).toBe(code);
  expect(error.message).toContain('contacts.xlsx');
  for (const word of words) expect(error.message).toContain(word);
  expect(seconds, 'refused within seconds').toBeLessThan(10);
  return error;
}

const withPart = (spec: WorkbookSpec, name: string, change: (part: ZipPart) => ZipPart, zip64 = false): Buffer =>
  zipBytes(
    workbookParts(spec).map((part) => (part.name === name ? change(part) : part)),
    { zip64 },
  );
const SHEET = 'xl/worksheets/sheet1.xml';

describe('zip bombs', () => {
  it('stops a part that inflates far beyond its compressed size, though its header lies about its size', async () => {
    const error = await expectRefused(HOSTILE_WORKBOOKS['xlsx-zip-bomb']!(), 'zip-bomb', ['not safe to read', 'zip bomb', SHEET]);
    expect(error.problem).toMatchObject({ reason: 'ratio', limit: MAX_COMPRESSION_RATIO });
  });

  it('refuses a part whose declared sizes are already absurd before inflating a byte', async () => {
    const bytes = withPart(contactsSpec(), SHEET, (part) => ({ ...part, declaredSize: 5 * 2 ** 30 }), true);
    const error = await expectRefused(bytes, 'zip-bomb', ['more than 4 GB']);
    expect(error.problem).toMatchObject({ reason: 'size' });
  });

  it('reads a small, very regular part: the ratio counts only past the first 4 MiB', async () => {
    // 2 MiB of spaces deflate about 1,000 : 1, as a bomb does, but stay within the grace.
    const spec = contactsSpec({}, ' '.repeat(2 << 20) + row(3, inlineCell('A3', 'K2')));
    const path = join(dir, 'regular.xlsx');
    writeFileSync(path, workbookBytes(spec));
    const rows: number[] = [];
    await readWorkbookRows(path, { source: 'regular.xlsx' }, { row: (_, rowNumber) => rows.push(rowNumber) });
    expect(rows).toEqual([1, 2, 3]);
  });
});

describe('damaged zips', () => {
  it('names a truncated workbook', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-truncated']!(), 'damaged', ['damaged or incomplete', 'save it again']);
  });

  it('names a workbook whose sheet data is overwritten', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-corrupt']!(), 'damaged', ['damaged or incomplete']);
  });

  it('checks the CRC of every part it reads', async () => {
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, badCrc: true })),
      'damaged',
      ['CRC'],
    );
  });

  it('checks the size a part really inflates to', async () => {
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, declaredSize: 10 })),
      'damaged',
      ['another size'],
    );
  });

  it('refuses an encrypted zip entry and a compression Excel never uses', async () => {
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, flags: 1 })),
      'zip-encrypted-entry',
      [SHEET],
    );
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, methodNumber: 12 })),
      'unsupported-compression',
      ['method 12'],
    );
  });

  it('refuses two entries of the same name, whatever their case', async () => {
    const parts = workbookParts(contactsSpec());
    await expectRefused(zipBytes([...parts, { name: 'XL/Worksheets/Sheet1.xml', content: '<worksheet/>' }]), 'damaged', ['two entries']);
  });

  it('names a workbook whose sheet part is missing', async () => {
    await expectRefused(zipBytes(workbookParts(contactsSpec()).filter(({ name }) => name !== SHEET)), 'damaged', ['sheet "Contacts" is missing']);
  });
});

describe('hostile XML', () => {
  it('refuses entity declarations (the "billion laughs") before expanding any', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-entity-expansion']!(), 'xml-declarations', ['DOCTYPE', 'xl/sharedStrings.xml']);
  });

  it('refuses an external entity in any part, even one it reads first', async () => {
    const external =
      '<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY secret SYSTEM "file:///etc/passwd">]><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&secret;</Types>';
    await expectRefused(
      withPart(contactsSpec(), '[Content_Types].xml', (part) => ({ ...part, content: external })),
      'xml-declarations',
    );
  });

  it('refuses an entity it does not know, UTF-16 parts, bytes that are not UTF-8, and tags that do not nest', async () => {
    await expectRefused(contactsBytes(row(3, inlineCell('A3', '<t>&nbsp;</t>'))), 'damaged', ['not defined']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<worksheet/>', 'utf16le')]);
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, content: utf16 })),
      'xml-encoding',
      ['UTF-16'],
    );
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, content: '<?xml version="1.0" encoding="windows-1252"?><worksheet/>' })),
      'xml-encoding',
      ['windows-1252'],
    );
    const latin1 = Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Zo\u00eb</t></is></c></row></sheetData></worksheet>', 'latin1');
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, content: latin1 })),
      'damaged',
      ['not valid UTF-8'],
    );
    await expectRefused(contactsBytes(row(3, '<c r="A3"><v>1</c></v>')), 'damaged', ['do not nest']);
    await expectRefused(
      withPart(contactsSpec(), SHEET, (part) => ({ ...part, content: '<worksheet><sheetData>' })),
      'damaged',
      ['ends before its XML does'],
    );
  });

  it('bounds the depth of nesting', async () => {
    await expectRefused(contactsBytes(`${'<x>'.repeat(1_000)}${'</x>'.repeat(1_000)}`), 'damaged', ['nests']);
  });
});

describe('sheets that claim too much', () => {
  it('reads a sheet that claims the whole grid in <dimension> by the cells it really has', async () => {
    const spec = contactsSpec();
    const path = join(dir, 'dimension.xlsx');
    writeFileSync(path, workbookBytes({ ...spec, sheets: spec.sheets.map((sheet) => ({ ...sheet, before: '<dimension ref="A1:XFD1048576"/>' })) }));
    const widths: number[] = [];
    await readWorkbookRows(path, { source: 'dimension.xlsx' }, { row: (cells) => widths.push(cells.length) });
    expect(widths).toEqual([7, 7]);
  });

  it('refuses a cell past column XFD or a row past 1,048,576', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-million-columns']!(), 'cell-beyond-grid', ['beyond column XFD', 'row 3']);
    await expectRefused(contactsBytes(row(1_048_577, cell('A1048577', '1'))), 'cell-beyond-grid');
    await expectRefused(contactsBytes(row(3, cell('AAAAAA3', '1'))), 'cell-beyond-grid');
    // Cells without references count on from the last: the 16,385th is past XFD.
    await expectRefused(contactsBytes(row(3, ...Array.from({ length: 16_385 }, () => cell(undefined, '1')))), 'cell-beyond-grid');
  });

  it('refuses a sheet of rows that are almost all blank cells up to column XFD, before minutes go on them', async () => {
    const { error, rows } = await refusal(HOSTILE_WORKBOOKS['xlsx-sparse-wide-rows']!());
    expect(error.problem.code).toBe('sparse-rows');
    expect(error.message).toContain('empty columns');
    // 256 rows of Excel's full width are allowed beyond a cell per byte of XML, and no more.
    expect(rows).toBeGreaterThan(256);
    expect(rows).toBeLessThan(300);
  });

  it('reads a row of 16,384 cells, Excel’s widest', async () => {
    const path = join(dir, 'wide.xlsx');
    writeFileSync(path, contactsBytes(row(3, ...Array.from({ length: 16_384 }, (_, i) => cell(undefined, String(i))))));
    let widest = 0;
    await readWorkbookRows(path, { source: 'wide.xlsx' }, { row: (cells) => (widest = Math.max(widest, cells.length)) });
    expect(widest).toBe(16_384);
  });

  it('refuses rows or cells out of order, and a cell whose reference is not in its row', async () => {
    await expectRefused(contactsBytes(row(2, cell('A2', '1'))), 'rows-out-of-order', ['row 2']);
    await expectRefused(contactsBytes(row(3, cell('B3', '1'), cell('A3', '2'))), 'rows-out-of-order', ['row 3']);
    await expectRefused(contactsBytes(row(3, cell('A4', '1'))), 'damaged', ['not in its row']);
  });

  it('refuses a cell longer than 1 MB, naming the cell, not its text', async () => {
    const error = await expectRefused(contactsBytes(row(3, inlineCell('C3', 'x'.repeat(MAX_CELL_CHARS + 1)))), 'cell-too-long', ['Contacts!C3']);
    expect(error.message).not.toContain('xxx');
  });

  it('refuses a row holding more than 16 MB of text, as 17 cells of one long shared string', async () => {
    const long = 'y'.repeat(1_000_000);
    const cells = Array.from({ length: Math.ceil(MAX_ROW_CHARS / long.length) + 1 }, () => cell(undefined, '0', { t: 's' }));
    await expectRefused(workbookBytes(contactsSpec({ sharedStrings: [long] }, row(3, ...cells))), 'row-too-long', ['row 3']);
  });

  it('refuses rows that repeat one long shared string in cell after cell, before terabytes of text are made', async () => {
    const long = 'z'.repeat(1_000_000);
    const rows = Array.from({ length: 200 }, (_, i) => row(i + 3, ...Array.from({ length: 10 }, () => cell(undefined, '0', { t: 's' })))).join('');
    const spec = contactsSpec({ sharedStrings: [long] }, rows);
    const { error, rows: delivered } = await refusal(workbookBytes(spec));
    expect(error.problem.code).toBe('repeated-long-text');
    // 64 MB of text beyond 64 characters per byte of the sheet's XML (which arrives in one piece), in
    // rows of ten megabytes each after the header and the first contact (whose few characters count
    // for nothing here).
    const sheetBytes = Buffer.byteLength(workbookParts(spec).find(({ name }) => name === SHEET)!.content as string);
    expect(delivered).toBe(2 + Math.floor((MAX_TEXT_PER_XML_BYTE * sheetBytes + MAX_SHARED_STRING_BYTES) / (10 * long.length)));
  });

  it('refuses a cell that refers to a shared string the table does not have', async () => {
    for (const index of ['1', '0.5', '-1', 'x']) {
      await expectRefused(workbookBytes(contactsSpec({ sharedStrings: ['a'] }, row(3, cell('A3', index, { t: 's' })))), 'damaged', ['shared string']);
    }
  });

  it('refuses a shared-strings table of more than 64 MB', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-shared-strings-huge']!(), 'shared-strings-too-large', ['64 MB', 'CSV UTF-8']);
  });
});

describe('macros', () => {
  it('refuses a macro-enabled workbook, by content type or by a VBA project in the zip', async () => {
    await expectRefused(HOSTILE_WORKBOOKS['xlsx-macro-enabled']!(), 'macro-enabled', ['.xlsm', 'save it as .xlsx']);
    const hidden = workbookBytes(contactsSpec({ extraParts: [{ name: 'xl/vbaProject.bin', content: Buffer.from('VBA') }] }));
    await expectRefused(hidden, 'macro-enabled');
    const macroSheet = workbookBytes(
      contactsSpec({ extraContentTypes: '<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/>' }),
    );
    await expectRefused(macroSheet, 'macro-enabled');
  });
});

function contactsBytes(rowsAfter: string): Buffer {
  return workbookBytes(contactsSpec({}, rowsAfter));
}

// Writes the committed fixtures when asked (see hostileWorkbooks.ts); otherwise a no-op.
describe.runIf(process.env.EHCP_WRITE_XLSX_FIXTURES === '1')('writing fixtures/bad/xlsx-*', () => {
  for (const [name, build] of Object.entries(HOSTILE_WORKBOOKS)) {
    it(name, () => {
      mkdirSync(fixture('bad', name), { recursive: true });
      writeFileSync(fixture('bad', name, 'contacts.xlsx'), build());
    });
  }
});
