import { describe, expect, it } from 'vitest';
import {
  cellWriterFor,
  CELL_FORMATS,
  dateSerialOf,
  rowXml,
  shownWidth,
  stylesXml,
  type CellFormat,
  type CellTally,
} from '../../../../src/report/workbook/cells.js';
import { columnLetters } from '../../../../src/io/workbook/cellReference.js';
import { MAX_CELL_CHARS } from '../../../../src/report/workbook/spreadsheetText.js';
import { numberFormatOf, readSheet } from './workbookReader.js';

/** The cell in B7, after an empty A7. */
function cell(format: CellFormat, value: string | number | null, tally: CellTally = { truncatedTexts: 0 }) {
  const xml = cellWriterFor(format, tally)(value);
  const read = readSheet('test', rowXml('7', ['', xml], ['A', 'B']))
    .rows.get(7)
    ?.get('B');
  return { xml, read };
}

describe('cell typing', () => {
  it('writes every text as a string cell, never a number or a formula, whatever it looks like', () => {
    for (const text of ['000123', '4857773456', '=SUM(1,2)', '-5', '@x', '+1', '1e5', '2026-03-31', 'TRUE', '0x1F', ' 12 ', '45%']) {
      const { xml, read } = cell('text', text);
      expect(xml).toContain('t="inlineStr"');
      expect(xml).not.toContain('<f');
      expect(xml).not.toContain('<v>');
      expect(read?.value).toBe(text);
      expect(read?.reference).toBe('B7');
    }
  });

  it("needs no ' guard: the text is the value, with nothing added", () => {
    expect(cell('text', '-5').read?.value).toBe('-5');
    expect(cell('text', "'x").read?.value).toBe("'x");
  });

  it('keeps white space at either end of a text', () => {
    expect(cell('text', '  lead').xml).toContain('<t xml:space="preserve">  lead</t>');
    expect(cell('text', 'mid dle').xml).toContain('<t>mid dle</t>');
  });

  it('writes numbers as numbers, and an empty value as no cell at all', () => {
    for (const format of ['integer', 'count', 'twoDecimals', 'percent', 'money', 'general'] as const) {
      const { xml, read } = cell(format, 1234.5);
      expect(read?.type).toBeUndefined();
      expect(read?.value).toBe('1234.5');
      expect(xml).not.toContain('<f');
      expect(cell(format, null).xml).toBe('');
      expect(cell(format, Number.NaN).xml).toBe('');
    }
    expect(cell('text', null).xml).toBe('');
  });

  it('writes a date as its serial number in the 1900 date system', () => {
    expect(dateSerialOf('2026-03-31')).toBe(46_112);
    expect(dateSerialOf('2024-01-01')).toBe(45_292);
    expect(dateSerialOf('1900-03-01')).toBe(61);
    expect(dateSerialOf('1900-02-28')).toBeUndefined();
    expect(dateSerialOf('2026-02-30')).toBeUndefined();
    const { read } = cell('date', '2026-06-09');
    expect(read?.type).toBeUndefined();
    expect(read?.value).toBe('46182');
  });

  it('keeps a date it cannot write as a date as the text it is', () => {
    const { read } = cell('date', 'not a date');
    expect(read?.type).toBe('inlineStr');
    expect(read?.value).toBe('not a date');
  });

  it('gives each format its number format in styles.xml', () => {
    const styles = stylesXml();
    const expected: Record<CellFormat, string> = {
      text: '@',
      heading: '@',
      integer: '0',
      count: '#,##0',
      twoDecimals: '0.00',
      percent: '0.0',
      money: '"£"#,##0.00',
      date: 'dd/mm/yyyy',
      general: 'General',
    };
    for (const format of CELL_FORMATS) {
      const value = format === 'date' ? '2026-06-09' : format === 'text' || format === 'heading' ? 'x' : 1;
      expect(numberFormatOf(styles, cell(format, value).read!.style), format).toBe(expected[format]);
    }
    expect(styles).toMatch(/<cellXfs count="(\d+)">/);
    expect(Number(/<cellXfs count="(\d+)">/.exec(styles)![1])).toBe(CELL_FORMATS.length + 1);
  });

  it('cuts a text longer than a cell holds, and counts it', () => {
    const tally = { truncatedTexts: 0 };
    const long = 'x'.repeat(MAX_CELL_CHARS + 10);
    expect(cell('text', long, tally).read?.value).toHaveLength(MAX_CELL_CHARS);
    cell('text', long, tally);
    expect(tally.truncatedTexts).toBe(2);
  });

  it("names a cell's column only after an empty cell: the others follow the cell before them", () => {
    const writer = cellWriterFor('integer', { truncatedTexts: 0 });
    const letters = ['A', 'B', 'C', 'D', 'E'];
    const xml = rowXml('12', [writer(1), writer(2), writer(null), writer(4), writer(5)], letters);
    expect(xml).toBe('<row r="12"><c s="3"><v>1</v></c><c s="3"><v>2</v></c><c r="D12" s="3"><v>4</v></c><c s="3"><v>5</v></c></row>');
    const read = readSheet('test', xml).rows.get(12)!;
    expect([...read.entries()].map(([column, cell]) => `${column}=${cell.value}`)).toEqual(['A=1', 'B=2', 'D=4', 'E=5']);
    expect(rowXml('3', ['', ''], letters)).toBe('<row r="3"></row>');
  });

  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('measures a value as its format shows it', () => {
    expect(shownWidth('count', 1_234_567)).toBe('1,234,567'.length);
    expect(shownWidth('money', 1234.5)).toBe('£1,234.50'.length);
    expect(shownWidth('twoDecimals', 3)).toBe('3.00'.length);
    expect(shownWidth('percent', 77.8)).toBe('77.8'.length);
    expect(shownWidth('date', '2026-06-09')).toBe('09/06/2026'.length);
    expect(shownWidth('text', 'Zoë')).toBe(3);
    expect(shownWidth('text', null)).toBe(0);
  });
});
