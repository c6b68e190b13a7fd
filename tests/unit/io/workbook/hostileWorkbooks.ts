// The hostile workbooks committed under fixtures/bad/xlsx-*/, built here so that how each was made is
// on record. To write them again (after a change to a case):
//
//   EHCP_WRITE_XLSX_FIXTURES=1 npx vitest run tests/unit/io/workbook/hostileWorkbooks.test.ts
//
// xlsx-password-protected is not built here: it is a real encrypted workbook (see its README.md).
import { cell, inlineCell, row, workbookBytes, workbookParts, zipBytes, type WorkbookSpec } from './xlsxWriter.js';

/** A small contacts sheet in the shape of fixtures/bad/_good/contacts.csv, to hide each trap in. */
export function contactsSpec(extra: Partial<WorkbookSpec> = {}, rowsAfter = ''): WorkbookSpec {
  const header = ['contact_id', 'child_id', 'date', 'minutes', 'discipline', 'attendance', 'contact_type'];
  const rows =
    row(1, ...header.map((text, i) => inlineCell(`${String.fromCharCode(65 + i)}1`, text))) +
    row(
      2,
      inlineCell('A2', 'K1'),
      inlineCell('B2', 'G1'),
      cell('C2', '45544', { s: 1 }),
      cell('D2', '45'),
      inlineCell('E2', 'OT'),
      inlineCell('F2', 'attended'),
      inlineCell('G2', 'direct'),
    ) +
    rowsAfter;
  return { sheets: [{ name: 'Contacts', rows }], cellStyles: [0, 14], ...extra };
}

/**
 * A sheet that inflates to 64 MiB of white space between its rows (legal XML, and deflate's best
 * case at about 1,000 : 1), whose zip headers claim 20 KB: only a running count while inflating
 * catches it.
 */
export function zipBombWorkbook(): Buffer {
  const padding = ' '.repeat(64 << 20);
  const spec = contactsSpec({}, padding + row(3, inlineCell('A3', 'K2')));
  const parts = workbookParts(spec).map((part) => (part.name === 'xl/worksheets/sheet1.xml' ? { ...part, declaredSize: 20_000 } : part));
  return zipBytes(parts);
}

/** A sheet that claims the whole grid in <dimension> and then has a cell past column XFD. */
export function millionColumnsWorkbook(): Buffer {
  const spec = contactsSpec({}, row(3, inlineCell('A3', 'K2'), cell('XFE3', '1')));
  return workbookBytes({ ...spec, sheets: spec.sheets.map((sheet) => ({ ...sheet, before: '<dimension ref="A1:XFD1048576"/>' })) });
}

/**
 * 5,000 rows of one cell each in column XFD: 240 KB of XML that would make 82 million blank cells,
 * minutes of work from a 28 KB file.
 */
export function sparseWideRowsWorkbook(): Buffer {
  const rows = Array.from({ length: 5_000 }, (_, i) => row(i + 3, cell(`XFD${i + 3}`, '1'))).join('');
  return workbookBytes(contactsSpec({}, rows));
}

/**
 * A shared-strings table of about 66 MiB of text that deflates only about 135 : 1 (a number breaks
 * up the repeated words every 1,600 characters), so it passes the ratio check and meets the limit on
 * the table itself.
 */
export function sharedStringsHugeWorkbook(): Buffer {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed.toString(36);
  };
  const words = 'Occupational therapy session notes for the provider; '.repeat(30);
  const strings: string[] = [];
  let total = 0;
  while (total < 66 << 20) {
    let text = '';
    while (text.length < 4_000) text += words + next();
    strings.push(text);
    total += text.length;
  }
  return workbookBytes(contactsSpec({ sharedStrings: strings }, row(3, cell('A3', '0', { t: 's' }))));
}

/** The "billion laughs": nested entities in the shared-strings part that would expand to gigabytes. */
export function entityExpansionWorkbook(): Buffer {
  const entities = ['<!ENTITY lol "lol">'];
  for (let level = 1; level <= 9; level++) entities.push(`<!ENTITY lol${level} "${`&lol${level === 1 ? '' : level - 1};`.repeat(10)}">`);
  const sharedStrings =
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [${entities.join('')}]>` +
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>';
  const spec = contactsSpec({ sharedStrings: ['placeholder'] }, row(3, cell('A3', '0', { t: 's' })));
  return zipBytes(workbookParts(spec).map((part) => (part.name === 'xl/sharedStrings.xml' ? { ...part, content: sharedStrings } : part)));
}

/** An .xlsm: the macro-enabled main content type and a VBA project, renamed .xlsx. */
export function macroEnabledWorkbook(): Buffer {
  return workbookBytes(
    contactsSpec({
      mainContentType: 'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
      extraContentTypes: '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
      extraParts: [{ name: 'xl/vbaProject.bin', content: Buffer.from('not a real VBA project: never opened') }],
    }),
  );
}

/** A workbook cut short, as an interrupted download or e-mail attachment leaves it. */
export function truncatedWorkbook(): Buffer {
  const whole = workbookBytes(contactsSpec());
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/** A workbook whose sheet data is damaged in the middle: bytes overwritten, sizes and CRC as they were. */
export function corruptWorkbook(): Buffer {
  const rows = Array.from({ length: 200 }, (_, i) =>
    row(i + 3, inlineCell(`A${i + 3}`, `K${i + 2}`), inlineCell(`B${i + 3}`, 'G1'), cell(`D${i + 3}`, '45')),
  ).join('');
  const bytes = workbookBytes(contactsSpec({}, rows));
  const sheet = bytes.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
  for (let i = sheet + 200; i < sheet + 240; i++) bytes[i] = 0x55;
  return bytes;
}

export const HOSTILE_WORKBOOKS: Readonly<Record<string, () => Buffer>> = {
  'xlsx-zip-bomb': zipBombWorkbook,
  'xlsx-million-columns': millionColumnsWorkbook,
  'xlsx-sparse-wide-rows': sparseWideRowsWorkbook,
  'xlsx-shared-strings-huge': sharedStringsHugeWorkbook,
  'xlsx-entity-expansion': entityExpansionWorkbook,
  'xlsx-macro-enabled': macroEnabledWorkbook,
  'xlsx-truncated': truncatedWorkbook,
  'xlsx-corrupt': corruptWorkbook,
};
