// A cross-check against a workbook written by a real spreadsheet program (LibreOffice Calc; see
// fixtures/xlsx-libreoffice/README.md): the expected cells are the values stated in the .fods source
// it was converted from, not anything the reader produced.
import { describe, expect, it } from 'vitest';
import { readWorkbookRows, type WorkbookRow } from '../../../../src/io/workbook/workbookReader.js';
import { fixture } from '../../../e2e/cli.js';

const HEADER = ['Contact ID', 'Person ID', 'Contact Date', 'Start', 'Duration', 'Minutes', 'Attendance', 'NHS Number', 'Note', 'Recorded', 'Direct'];

const CONTACTS: readonly WorkbookRow[] = [
  // The title spans A1:D1: its value sits in A1, the covered cells are blank and left off the end.
  { rowNumber: 1, cells: ['Contacts export: North Trust'] },
  { rowNumber: 3, cells: HEADER },
  {
    rowNumber: 4,
    // text ID with leading zeros; date; time of day; a 45-minute duration; NHS number as a number;
    // rich text joined; a date and time; a boolean LibreOffice stores as the number 1.
    cells: ['K0001', '000123', '2024-09-03', '09:30:00', '00:45:00', '45', 'Attended', '4857773456', 'Seen with parent present', '2024-09-03T17:15:00', '1'],
  },
  { rowNumber: 5, cells: ['K0002', '456', '2025-02-28', '', '25:30:00', '0.75', 'Did Not Attend', '', 'Zoë & family <cancelled>', '', '0'] },
  // Formula cells give their cached values: a number, a text, an error.
  { rowNumber: 7, cells: ['Total', '', '', '', '', '45.75', 'rows: 2', '#DIV/0!'] },
];

async function readFixture(file: string, sheet?: string) {
  const rows: WorkbookRow[] = [];
  const summary = await readWorkbookRows(
    fixture('xlsx-libreoffice', file),
    { source: file, sheet },
    { row: (cells, rowNumber) => rows.push({ rowNumber, cells }) },
  );
  return { rows, summary };
}

describe('a workbook written by LibreOffice Calc', () => {
  for (const [file, isDate1904] of [
    ['contacts.xlsx', false],
    ['contacts-1904.xlsx', true],
  ] as const) {
    it(`${file}: every cell of the first sheet as the .fods states it`, async () => {
      const { rows, summary } = await readFixture(file);
      expect(rows).toEqual(CONTACTS);
      expect(summary).toMatchObject({ sheet: 'Contacts export', sheets: ['Contacts export', 'Plans 2024-25'], rows: 5, isDate1904 });
      expect(summary.mergedRanges).toEqual([{ firstRow: 1, lastRow: 1, firstColumn: 0, lastColumn: 3 }]);
    });
  }

  it('the second sheet by name', async () => {
    const { rows } = await readFixture('contacts.xlsx', 'plans 2024-25');
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['Child ID', 'Provision'] },
      { rowNumber: 2, cells: ['000123', '6 x 45 minute sessions per half term'] },
    ]);
  });
});
