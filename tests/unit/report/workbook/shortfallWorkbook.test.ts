import { describe, expect, it } from 'vitest';
import type { ChildYear } from '../../../../src/reconcile/childYear.js';
import { exceptionsCsv, shortfallCsv, worklistCsv } from '../../../../src/report/csvOutputs.js';
import { breakdownHeadings, breakdownShape, headlineSentences } from '../../../../src/report/headlineText.js';
import type { ReconciliationResult } from '../../../../src/result/reconciliationResult.js';
import { MAX_COLUMN_WIDTH } from '../../../../src/report/workbook/worksheetXml.js';
import { shortfallWorkbook } from '../../../../src/report/workbook/shortfallWorkbook.js';
import { ABOUT, bytesOf, childYear, exception, resultOf, worklistRow } from './results.js';
import { numberFormatOf, readWorkbook, rowValues, type ReadSheet } from './workbookReader.js';

const SHEET_NAMES = ['Headline', 'Shortfall', 'Worklist', 'By provider', 'By locality', 'By commissioner', 'Exceptions', 'About'];

function sampleResult(): ReconciliationResult {
  return resultOf({
    childYears: [
      childYear({ childId: '000123', provider: 'Zoë £ Therapies' }),
      childYear({ childId: '4857773456', status: 'no-contact', deliveredMinutes: 0, shortfallMinutes: 720, deliveredPercent: 0, planEnd: null }),
      childYear({ childId: '=SUM(1,2)', status: 'met', shortfallMinutes: 0 }),
      childYear({ childId: '@x', discipline: 'SLT', provider: '<Kestrel & Co>' }),
      childYear({ childId: '-5', status: 'not-due', requiredMinutes: 0, deliveredMinutes: 0, shortfallMinutes: 0, deliveredPercent: null }),
    ],
    worklist: [worklistRow({ childId: '4857773456' }), worklistRow({ rank: 2, childId: '000123', route: null, estimatedCost: null, sessionsPerWeek: null })],
    exceptions: [exception(), exception({ line: 9, value: '=cmd|x', childId: null })],
  });
}

function sheetNamed(sheets: readonly ReadSheet[], name: string): ReadSheet {
  const sheet = sheets.find((candidate) => candidate.name === name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

function csvHeader(lines: Iterable<string>): string[] {
  return [...lines][0]!.trim().split(',');
}

describe('shortfall.xlsx', () => {
  const result = sampleResult();
  const { files, sheets } = readWorkbook(bytesOf(shortfallWorkbook(result, ABOUT)));
  const styles = files.get('xl/styles.xml')!.text;

  it('has its sheets in order, and no formula anywhere', () => {
    expect(sheets.map((sheet) => sheet.name)).toEqual(SHEET_NAMES);
    for (const [name, file] of files) expect(file.text, name).not.toMatch(/<f[ >]/);
  });

  it('lists exactly its parts in [Content_Types].xml and the workbook relationships', () => {
    const types = files.get('[Content_Types].xml')!.text;
    const sheetParts = [...files.keys()].filter((name) => name.startsWith('xl/worksheets/'));
    expect(sheetParts).toHaveLength(SHEET_NAMES.length);
    for (const part of sheetParts) expect(types).toContain(`PartName="/${part}"`);
    expect([...files.keys()].slice(0, 1)).toEqual(['[Content_Types].xml']);
  });

  it('writes the Shortfall sheet with the columns of shortfall.csv and only no-contact and shortfall child-years', () => {
    const shortfall = sheetNamed(sheets, 'Shortfall');
    expect(rowValues(shortfall, 1)).toEqual(csvHeader(shortfallCsv(result, false)));
    const ids = [...shortfall.rows.keys()].filter((row) => row > 1).map((row) => shortfall.rows.get(row)!.get('A')!.value);
    expect(ids).toEqual(['000123', '4857773456', '@x']);
  });

  it('types the cells: IDs and names as text, figures as numbers, dates as dates', () => {
    const shortfall = sheetNamed(sheets, 'Shortfall');
    const first = shortfall.rows.get(2)!;
    expect(first.get('A')).toMatchObject({ type: 'inlineStr', value: '000123' });
    expect(first.get('S')).toMatchObject({ type: 'inlineStr', value: 'Zoë £ Therapies' });
    // required_hours 12.00, delivered_percent 77.8, required_minutes 720, plan_end 2026-06-09.
    expect(first.get('E')).toMatchObject({ type: undefined, value: '12' });
    expect(numberFormatOf(styles, first.get('E')!.style)).toBe('0.00');
    expect(first.get('F')!.value).toBe('9.33');
    expect(first.get('I')).toMatchObject({ type: undefined, value: '77.8' });
    expect(numberFormatOf(styles, first.get('I')!.style)).toBe('0.0');
    expect(first.get('J')).toMatchObject({ type: undefined, value: '720' });
    expect(numberFormatOf(styles, first.get('J')!.style)).toBe('0');
    expect(first.get('R')).toMatchObject({ type: undefined, value: '46182' });
    expect(numberFormatOf(styles, first.get('R')!.style)).toBe('dd/mm/yyyy');
    expect(first.get('Z')).toMatchObject({ type: 'inlineStr', value: 'yes' });
    // A missing plan end is an empty cell, not a zero.
    expect(shortfall.rows.get(3)!.has('R')).toBe(false);
    expect(shortfall.rows.get(3)!.get('A')).toMatchObject({ type: 'inlineStr', value: '4857773456' });
    expect(shortfall.rows.get(4)!.get('S')!.value).toBe('<Kestrel & Co>');
  });

  it('writes the Worklist as worklist.csv, with money and dates typed', () => {
    const worklist = sheetNamed(sheets, 'Worklist');
    expect(rowValues(worklist, 1)).toEqual(csvHeader(worklistCsv(result, false)));
    const row = worklist.rows.get(2)!;
    expect(row.get('A')).toMatchObject({ type: undefined, value: '1' });
    expect(row.get('B')).toMatchObject({ type: 'inlineStr', value: '4857773456' });
    expect(numberFormatOf(styles, row.get('M')!.style)).toBe('dd/mm/yyyy');
    expect(row.get('M')!.value).toBe(String(46_112 + 153));
    expect(row.get('Q')).toMatchObject({ type: undefined, value: '1234.5' });
    expect(numberFormatOf(styles, row.get('Q')!.style)).toBe('"£"#,##0.00');
    expect(worklist.rows.get(3)!.has('Q')).toBe(false);
  });

  it('writes the Exceptions as exceptions.csv: a value that looks like a number or a formula stays text', () => {
    const exceptions = sheetNamed(sheets, 'Exceptions');
    expect(rowValues(exceptions, 1)).toEqual(csvHeader(exceptionsCsv(result.exceptions, false, false)));
    expect(exceptions.rows.get(2)!.get('E')).toMatchObject({ type: 'inlineStr', value: '-5' });
    expect(exceptions.rows.get(2)!.get('G')).toMatchObject({ type: 'inlineStr', value: '000123' });
    expect(exceptions.rows.get(3)!.get('E')).toMatchObject({ type: 'inlineStr', value: '=cmd|x' });
    expect(exceptions.rows.get(3)!.get('B')).toMatchObject({ type: undefined, value: '9' });
  });

  it("writes the breakdowns under the text reports' headings, as numbers", () => {
    const byProvider = sheetNamed(sheets, 'By provider');
    expect(rowValues(byProvider, 1)).toEqual(['Provider', ...breakdownHeadings(breakdownShape(result, result.summary.byProvider))]);
    const rows = [...byProvider.rows.keys()].filter((row) => row > 1).map((row) => rowValues(byProvider, row));
    expect(rows).toEqual(
      result.summary.byProvider.map((row) => [
        row.key,
        String(row.childYears),
        String(row.requiredHours),
        String(row.deliveredWithinPlanHours),
        String(row.owedHours),
        String(row.statuses.shortfall),
        String(row.statuses['no-contact']),
      ]),
    );
    expect(rowValues(sheetNamed(sheets, 'By locality'), 1)[0]).toBe('Locality');
    expect(rowValues(sheetNamed(sheets, 'By commissioner'), 1)[0]).toBe('Commissioner');
  });

  it('writes the headline figures as numbers, and the headline sentences', () => {
    const headline = sheetNamed(sheets, 'Headline');
    const figures = new Map([...headline.rows.values()].map((row) => [row.get('A')?.value, row.get('B')]));
    // The run's warnings first, above the figures they put in doubt; then the table.
    expect(rowValues(headline, 1)).toEqual(['Check before use: a run-health warning']);
    expect(rowValues(headline, 2)).toEqual([ABOUT.warnings[0]]);
    expect(rowValues(headline, 4)).toEqual(['Figure', 'All disciplines (child-discipline pairs)', 'OT', 'SLT']);
    expect(figures.get('Children in scope')).toMatchObject({ type: undefined, value: String(result.headline.childrenInScope) });
    expect(figures.get('Hours owed')).toMatchObject({ type: undefined, value: String(result.headline.hoursOwed) });
    expect(numberFormatOf(styles, figures.get('Did not receive their full allocation (%)')!.style)).toBe('0.0');
    expect(figures.get('As of')).toMatchObject({ type: undefined, value: '46112' });
    expect(figures.get('Estimated cost of independent provision')).toMatchObject({ value: '1234.5' });
    const texts = [...headline.rows.values()].map((row) => row.get('A')?.value ?? '');
    for (const sentence of headlineSentences(result).filter((line) => line !== '')) expect(texts).toContain(sentence);
  });

  it('says in the About sheet what made it, from which inputs, with which options and warnings', () => {
    const about = sheetNamed(sheets, 'About');
    const rows = [...about.rows.keys()].map((row) => rowValues(about, row));
    expect(rows).toContainEqual(['Made by', 'ehcp-recon 0.0.0-test']);
    expect(rows).toContainEqual(['plans', '/data/Zoë & co/plans.csv', '18100622', 'a'.repeat(64)]);
    expect(rows).toContainEqual([ABOUT.warnings[0]]);
    expect(rows).toContainEqual(['tolerance', '0']);
    expect(rows).toContainEqual(['discipline']);
    expect(rows).toContainEqual(['None.']);
  });

  it('freezes the header row and puts an autofilter over each table', () => {
    const workbook = files.get('xl/workbook.xml')!.text;
    for (const name of SHEET_NAMES.filter((sheet) => sheet !== 'About' && sheet !== 'Headline')) {
      const sheet = sheetNamed(sheets, name);
      expect(sheet.xml, name).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
      expect(sheet.xml, name).toMatch(/<autoFilter ref="A1:[A-Z]+\d+"\/>/);
    }
    // Below the warnings the Headline's table keeps its filter, and nothing is frozen (the warnings would stay in view).
    expect(sheetNamed(sheets, 'Headline').xml).toMatch(/<autoFilter ref="A4:D\d+"\/>/);
    expect(sheetNamed(sheets, 'Headline').xml).not.toContain('<pane');
    const clean = readWorkbook(bytesOf(shortfallWorkbook(result, { ...ABOUT, warnings: [] }))).sheets;
    const cleanHeadline = sheetNamed(clean, 'Headline');
    expect(rowValues(cleanHeadline, 1)).toEqual(['Figure', 'All disciplines (child-discipline pairs)', 'OT', 'SLT']);
    expect(cleanHeadline.xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(cleanHeadline.xml).toMatch(/<autoFilter ref="A1:D\d+"\/>/);
    expect(sheetNamed(sheets, 'Shortfall').xml).toContain('<autoFilter ref="A1:AF4"/>');
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Shortfall'!$A$1:$AF$4</definedName>`);
    expect(sheetNamed(sheets, 'About').xml).not.toContain('<autoFilter');
  });

  it('sizes each column to its heading and values, within the cap', () => {
    const widths = (sheet: ReadSheet) => [...sheet.xml.matchAll(/<col min="\d+" max="\d+" width="(\d+)"/g)].map((match) => Number(match[1]));
    const shortfall = widths(sheetNamed(sheets, 'Shortfall'));
    expect(shortfall).toHaveLength(32);
    // child_id: the heading (8) and the filter button are wider than the IDs; provider: "<Kestrel & Co>" and "Zoë £ Therapies" (15).
    expect(shortfall[0]).toBe('child_id'.length + 4 + 2);
    expect(shortfall[18]).toBe('Zoë £ Therapies'.length + 2);
    const long = resultOf({ childYears: [childYear({ provider: 'x'.repeat(500) })] });
    const longSheet = sheetNamed(readWorkbook(bytesOf(shortfallWorkbook(long, ABOUT))).sheets, 'Shortfall');
    expect(widths(longSheet)[18]).toBe(MAX_COLUMN_WIDTH);
  });

  it('gives the same bytes for the same result, stamped with the as-of date', () => {
    const first = bytesOf(shortfallWorkbook(sampleResult(), ABOUT));
    const second = bytesOf(shortfallWorkbook(sampleResult(), ABOUT));
    expect(first.equals(second)).toBe(true);
    const entries = readWorkbook(first).files;
    expect(entries.get('docProps/core.xml')!.text).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-31T00:00:00Z</dcterms:created>');
    expect(entries.get('docProps/core.xml')!.text).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-31T00:00:00Z</dcterms:modified>');
    for (const entry of entries.values()) {
      // MS-DOS date: years since 1980 in bits 9–15, month in 5–8, day in 0–4; midnight.
      expect(entry.dosDate).toBe(((2026 - 1980) << 9) | (3 << 5) | 31);
      expect(entry.dosTime).toBe(0);
    }
    const later = bytesOf(shortfallWorkbook(resultOf({ childYears: [childYear()], asOf: '2026-04-30' }), ABOUT));
    expect(readWorkbook(later).files.get('docProps/core.xml')!.text).toContain('2026-04-30T00:00:00Z');
  });
});

describe('a table longer than a sheet', () => {
  const childYears = Array.from({ length: 7 }, (_, index) => childYear({ childId: `C${String(index + 1).padStart(3, '0')}` }));
  const result = resultOf({ childYears, worklist: childYears.map((row, index) => worklistRow({ rank: index + 1, childId: row.childId })) });
  // Four rows a sheet: the header and three records.
  const { sheets } = readWorkbook(bytesOf(shortfallWorkbook(result, ABOUT, { rowsPerSheet: 4 })));

  it('goes on over further sheets, each with its header, none holding more rows than the limit', () => {
    expect(sheets.map((sheet) => sheet.name)).toEqual([
      'Headline',
      'Shortfall',
      'Shortfall (2)',
      'Shortfall (3)',
      'Worklist',
      'Worklist (2)',
      'Worklist (3)',
      'By provider',
      'By locality',
      'By commissioner',
      'Exceptions',
      'About',
    ]);
    const parts = ['Shortfall', 'Shortfall (2)', 'Shortfall (3)'].map((name) => sheetNamed(sheets, name));
    for (const part of parts) {
      expect(rowValues(part, 1)[0]).toBe('child_id');
      expect(part.rows.size).toBeLessThanOrEqual(4);
    }
    const ids = parts.flatMap((part) => [...part.rows.keys()].filter((row) => row > 1).map((row) => part.rows.get(row)!.get('A')!.value));
    expect(ids).toEqual(childYears.map((row) => row.childId));
    expect(parts[2]!.xml).toContain('<autoFilter ref="A1:AF2"/>');
  });

  it('says so in the About sheet', () => {
    const about = sheetNamed(sheets, 'About');
    const texts = [...about.rows.values()].map((row) => row.get('A')?.value ?? '');
    expect(texts).toContain(
      'The Shortfall table has 7 rows, more than one sheet holds: rows 1 to 3 on "Shortfall", rows 4 to 6 on "Shortfall (2)", rows 7 to 7 on "Shortfall (3)".',
    );
    expect(texts.some((text) => text.startsWith('The Worklist table has 7 rows'))).toBe(true);
  });

  it('stops, rather than write a wrong autofilter or a short sheet, when the rows are not the number counted', () => {
    const miscounted = { ...result, summary: { ...result.summary, statuses: { ...result.summary.statuses, shortfall: 6 } } };
    expect(() => bytesOf(shortfallWorkbook(miscounted, ABOUT, { rowsPerSheet: 4 }))).toThrow(
      'the Shortfall table gave a different number of rows from the 6 it counted',
    );
    const overcounted = { ...result, summary: { ...result.summary, statuses: { ...result.summary.statuses, shortfall: 8 } } };
    expect(() => bytesOf(shortfallWorkbook(overcounted, ABOUT))).toThrow('the Shortfall table gave a different number of rows from the 8 it counted');
  });

  it('refuses a limit that leaves no room for a row under the header', () => {
    expect(() => bytesOf(shortfallWorkbook(result, ABOUT, { rowsPerSheet: 1 }))).toThrow(/at least one row/);
  });
});

describe('the workbook is made as it is read', () => {
  /** A child-year list that counts how many child-years have been made, as the run's lazy list makes them. */
  function countingList(count: number) {
    const made = { count: 0 };
    const make = (index: number): ChildYear => {
      made.count++;
      return childYear({ childId: `C${String(index).padStart(6, '0')}`, provider: `Provider ${index % 7}` });
    };
    const list = {
      length: count,
      at: (index: number) => (index >= 0 && index < count ? make(index) : undefined),
      *[Symbol.iterator]() {
        for (let index = 0; index < count; index++) yield make(index);
      },
    };
    return { list, made };
  }

  it('reads the child-years once, a piece at a time, not all before the first bytes', () => {
    const rows = 20_000;
    const { list, made } = countingList(rows);
    const result = resultOf({ childYears: list as unknown as ChildYear[] });
    const madeForSummary = made.count;
    const pieces = shortfallWorkbook(result, ABOUT)[Symbol.iterator]();
    let bytes = 0;
    // Past the package parts and the Headline, into the Shortfall sheet: a megabyte of its XML at most.
    while (made.count - madeForSummary < 1) {
      const next = pieces.next();
      expect(next.done).toBe(false);
      bytes += next.value!.length;
    }
    const next = pieces.next();
    expect(next.done).toBe(false);
    expect(made.count - madeForSummary).toBeLessThan(rows / 2);
    let rest = 0;
    for (let piece = pieces.next(); piece.done !== true; piece = pieces.next()) rest += piece.value.length;
    expect(made.count - madeForSummary).toBe(rows);
    expect(bytes + rest).toBeGreaterThan(0);
  });

  it('writes a sheet of many pieces as one entry that reads back whole', () => {
    const rows = 6_000;
    const { list } = countingList(rows);
    const result = resultOf({ childYears: list as unknown as ChildYear[] });
    const { files, sheets } = readWorkbook(bytesOf(shortfallWorkbook(result, ABOUT)));
    const shortfall = sheetNamed(sheets, 'Shortfall');
    // Several compressed pieces (more than a megabyte of XML), joined into one deflate stream.
    expect(files.get('xl/worksheets/sheet2.xml')!.text.length).toBeGreaterThan(2 << 20);
    expect(shortfall.rows.size).toBe(rows + 1);
    expect(shortfall.rows.get(rows + 1)!.get('A')!.value).toBe(`C${String(rows - 1).padStart(6, '0')}`);
  });
});
