// The files of --split-by: each group's shortfall.csv, worklist.csv and shortfall.xlsx, and the index
// (docs/outputs.md#split-by-folders).
import { describe, expect, it } from 'vitest';
import { describeWarning, type HealthWarning, type HealthWarningFigures } from '../../../../src/result/health.js';
import { splitOutputs, type SplitFile } from '../../../../src/report/split/splitOutputs.js';
import { SPLIT_RUN } from '../../result/splitRun.js';
import { ABOUT, bytesOf } from '../workbook/results.js';
import { readWorkbook, rowValues, type ReadSheet } from '../workbook/workbookReader.js';

function warning(figures: HealthWarningFigures): HealthWarning {
  return { ...figures, message: describeWarning(figures) };
}

const IDS_DO_NOT_JOIN = warning({
  code: 'ids-do-not-join',
  year: '2025/26',
  unknownChildContacts: 30,
  inYearContacts: 40,
  unknownChildNotInPlans: 30,
  unknownChildOtherDiscipline: 0,
  unknownChildUnreadPlanLine: 0,
  contactIds: ['Q0999'],
  planIds: ['C0001'],
  suggestion: null,
});
const AS_OF_FROM_CLOCK = warning({ code: 'as-of-from-clock', year: '2025/26', asOf: '2026-03-31' });
const MANY_INVALID_ROWS = warning({
  code: 'many-invalid-rows',
  file: 'contacts',
  invalidRows: 12,
  rowsRead: 40,
  commonest: { field: 'child_id', reason: 'its check digit fails (it should be 7, not 6)', rows: 12, line: 5, value: 'Q0777' },
});
const RUN = { ...SPLIT_RUN, warnings: [IDS_DO_NOT_JOIN, AS_OF_FROM_CLOCK, MANY_INVALID_ROWS] };

function textOf(file: SplitFile | undefined): string {
  if (file === undefined) throw new Error('no such file');
  return [...file.content].map((piece) => (typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8'))).join('');
}

function sheetNamed(sheets: readonly ReadSheet[], name: string): ReadSheet {
  const sheet = sheets.find((candidate) => candidate.name === name);
  if (sheet === undefined) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** The row of the Headline sheet's table header, below any warnings. */
function headerRowOf(sheet: ReadSheet): number {
  const row = [...sheet.rows.keys()].find((number) => rowValues(sheet, number)[0] === 'Figure');
  if (row === undefined) throw new Error(`no table header on ${sheet.name}`);
  return row;
}

function allRows(sheet: ReadSheet): string[][] {
  return [...sheet.rows.keys()].map((row) => rowValues(sheet, row));
}

describe('splitOutputs', () => {
  const { files, groupCount } = splitOutputs(RUN, 'commissioner', { bom: false, about: ABOUT });
  // Each content is read once, as the output folder reads it.
  const texts = new Map(files.filter((entry) => entry.name.endsWith('.csv')).map((entry) => [entry.name, textOf(entry)]));
  const text = (name: string) => texts.get(name) ?? '';
  const file = (name: string) => files.find((candidate) => candidate.name === name);

  it("writes each group's three files in its folder, then the index", () => {
    expect(groupCount).toBe(3);
    expect(files.map((entry) => entry.name)).toEqual([
      'by-commissioner/ICB/shortfall.csv',
      'by-commissioner/ICB/worklist.csv',
      'by-commissioner/ICB/shortfall.xlsx',
      'by-commissioner/LA/shortfall.csv',
      'by-commissioner/LA/worklist.csv',
      'by-commissioner/LA/shortfall.xlsx',
      'by-commissioner/unassigned/shortfall.csv',
      'by-commissioner/unassigned/worklist.csv',
      'by-commissioner/unassigned/shortfall.xlsx',
      'by-commissioner/index.csv',
    ]);
  });

  it("holds in a group's CSV files its own child-years only, with the run's ranks", () => {
    const firstCells = (text: string) =>
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 3).join(','));
    expect(firstCells(text('by-commissioner/ICB/shortfall.csv'))).toEqual(['C02,OT,2025/26', 'C05,SLT,2025/26']);
    expect(firstCells(text('by-commissioner/LA/shortfall.csv'))).toEqual(['C01,OT,2025/26', 'C05,OT,2025/26', 'C07,OT,2025/26']);
    expect(firstCells(text('by-commissioner/LA/worklist.csv'))).toEqual(['4,C01,OT', '5,C07,OT', '6,C05,OT']);
    expect(firstCells(text('by-commissioner/unassigned/worklist.csv'))).toEqual(['3,C04,OT']);
    expect(text('by-commissioner/unassigned/worklist.csv').split('\n')[0]).toMatch(/^rank,child_id,discipline,/);
  });

  it('makes each content when it is read, not before: many groups never hold their writers at once', () => {
    const again = splitOutputs(RUN, 'commissioner', { bom: false, about: ABOUT }).files;
    const worklist = again.find((entry) => entry.name === 'by-commissioner/LA/worklist.csv')!;
    expect(textOf(worklist)).toBe(text('by-commissioner/LA/worklist.csv'));
    // Read a second time, it is made again whole (a renderer made at once would be spent).
    expect(textOf(worklist)).toBe(text('by-commissioner/LA/worklist.csv'));
  });

  it('lists each group in the index with the counts and hours of its folder', () => {
    expect(text('by-commissioner/index.csv')).toBe(
      'commissioner,folder,child_years,children,shortfall,no_contact,worklist_rows,at_risk,required_hours,delivered_hours,owed_hours\n' +
        'ICB,ICB,3,3,1,1,2,3,17.50,1.67,15.83\n' +
        'LA,LA,4,4,3,0,3,4,51.50,44.67,6.83\n' +
        ',unassigned,1,1,1,0,1,1,15.00,5.00,10.00\n',
    );
    const withBom = splitOutputs(RUN, 'commissioner', { bom: true, about: ABOUT }).files;
    for (const entry of withBom.filter((candidate) => candidate.name.endsWith('.csv'))) expect(textOf(entry).startsWith('\uFEFF'), entry.name).toBe(true);
  });

  describe("a group's workbook", () => {
    const { files: parts, sheets } = readWorkbook(bytesOf(file('by-commissioner/ICB/shortfall.xlsx')!.content as Iterable<Uint8Array>));

    it("has the sheets of the run's, without Exceptions", () => {
      expect(sheets.map((sheet) => sheet.name)).toEqual(['Headline', 'Shortfall', 'Worklist', 'By provider', 'By locality', 'By commissioner', 'About']);
    });

    it("names its group above its own figures, and calls the in-house hours available the whole run's", () => {
      const headline = sheetNamed(sheets, 'Headline');
      const figures = new Map(allRows(headline).map((row) => [row[0], row[1]]));
      // The run's warnings (in the group's words) come first; the group is named first in the table.
      expect(rowValues(headline, 1)).toEqual(['Check before use: 3 run-health warnings']);
      expect(rowValues(headline, headerRowOf(headline) + 1)).toEqual(['Commissioner', 'ICB']);
      expect(figures.get('Children in scope')).toBe('3');
      expect(figures.get('Required hours')).toBe('17.5');
      expect(figures.get('Hours owed')).toBe('15.83');
      expect(figures.get('Estimated cost of independent provision')).toBe('350');
      expect(figures.get('In-house hours given')).toBe('10');
      expect(figures.get('In-house hours available to the whole run')).toBe('13');
      expect(figures.has('In-house hours available')).toBe(false);
      expect(figures.has('These figures are of the child-years whose commissioner is "ICB", and no others: the run split its outputs by commissioner.')).toBe(
        true,
      );
    });

    it("says in About which group it holds and where the exceptions are, and gives no other child's ID", () => {
      const rows = allRows(sheetNamed(sheets, 'About'));
      expect(rows).toContainEqual(['Commissioner', 'ICB']);
      expect(rows.flat().some((cell) => cell.includes('It has no Exceptions sheet'))).toBe(true);
      expect(rows).toContainEqual([AS_OF_FROM_CLOCK.message]);
      expect(rows.flat().some((cell) => cell.includes('(ids-do-not-join)'))).toBe(true);
      expect(IDS_DO_NOT_JOIN.message).toContain('Q0999');
      expect(MANY_INVALID_ROWS.message).toContain('Q0777');
      expect(rows.flat().some((cell) => cell.startsWith('12 of the 40 contact rows (30.0%) did not read'))).toBe(true);
      for (const [name, part] of parts) {
        expect(part.text, name).not.toContain('Q0999');
        expect(part.text, name).not.toContain('Q0777');
      }
    });

    it('names the child-years with no value as such', () => {
      const unassigned = readWorkbook(bytesOf(file('by-commissioner/unassigned/shortfall.xlsx')!.content as Iterable<Uint8Array>)).sheets;
      const headline = sheetNamed(unassigned, 'Headline');
      expect(rowValues(headline, headerRowOf(headline) + 1)).toEqual(['Commissioner', '(no commissioner given)']);
    });
  });
});
