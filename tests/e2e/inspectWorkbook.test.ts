// inspect reads a workbook as a run does (the engine's table opening): it names the sheet read and the
// others, finds the header below a title block, and writes a mapping that names the sheet asked for,
// which a run then reads without --sheet. A workbook on standard input is told to be given by path.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineCell, row, writeWorkbook } from '../unit/io/workbook/xlsxWriter.js';
import { fixture, runCli, temporaryDir } from './cli.js';

const folder = temporaryDir();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A sheet's rows as inline-string cells, row numbers given (a gap is a blank row). */
function sheetRows(rows: ReadonlyMap<number, readonly string[]>): string {
  return [...rows]
    .map(([rowNumber, cells]) => row(rowNumber, ...cells.map((text, column) => inlineCell(`${String.fromCharCode(65 + column)}${rowNumber}`, text))))
    .join('');
}

const PLAN_ROWS = [
  ['4000000071', 'Speech and Language Therapy', '1', 'Weekly', '01/09/2025'],
  ['4000000144', 'Occupational Therapy', '3', 'Termly', '01/09/2025'],
  ['4000000217', 'Speech and Language Therapy', '0.75', 'Weekly', '15/09/2025'],
];

/**
 * A council's workbook: a notes sheet first, then the plans below a two-line title and a blank row.
 * Without --sheet a run reads the notes sheet, which has no header.
 */
const councilWorkbook = writeWorkbook(folder, 'council.xlsx', {
  sheets: [
    { name: 'Notes', rows: sheetRows(new Map([[1, ['Read me first']]])) },
    {
      name: 'EHCP Plans',
      rows: sheetRows(
        new Map([
          [1, ['EHCP Provision Report']],
          [2, ['Generated 01/04/2026']],
          [4, ['Child Ref', 'Provision', 'Hours', 'Frequency', 'Start Date']],
          ...PLAN_ROWS.map((cells, index) => [5 + index, cells] as const),
        ]),
      ),
    },
  ],
});

const contactsCsv = join(folder, 'contacts.csv');
writeFileSync(
  contactsCsv,
  'NHS Number,Appointment Date,Minutes,Outcome,Service\n4000000144,31/01/2026,45,Attended,Occupational Therapy\n4000000071,12/01/2026,30,Attended,Speech and Language Therapy\n',
);

describe('inspect FILE.xlsx', () => {
  it('reads the example workbook as it reads the example CSV file, naming the sheet', () => {
    const workbook = runCli(['inspect', fixture('example-xlsx', 'plans.xlsx')]);
    expect(workbook.status, workbook.stderr).toBe(0);
    expect(workbook.stdout).toContain(`${fixture('example-xlsx', 'plans.xlsx')}: an .xlsx workbook; its only sheet, "plans", read: 533 data rows.`);
    const csv = runCli(['inspect', fixture('example', 'plans.csv')]);
    expect(csv.stdout).toContain('533 data rows.');
    // From "Looks like a plans file." on, the two say the same: the same fields, the same mapping.
    const fromKind = (text: string) => text.slice(text.indexOf('Looks like'));
    expect(fromKind(workbook.stdout)).toBe(fromKind(csv.stdout));
  });

  it('inspects both workbooks of a run and writes one mapping, with no sheet when none was asked for', () => {
    const inspected = runCli([
      'inspect',
      '--plans',
      fixture('example-xlsx', 'plans.xlsx'),
      '--contacts',
      fixture('example-xlsx', 'contacts.xlsx'),
      '--format',
      'json',
    ]);
    expect(inspected.status, inspected.stderr).toBe(0);
    const mapping = JSON.parse(inspected.stdout);
    expect(mapping.plans.columns.child_id).toBe('Pupil Ref');
    expect(mapping.contacts.columns).toMatchObject({ contact_id: 'Appointment ID', child_id: 'Client Identifier', date: 'Appointment Date' });
    expect(mapping.plans.sheet).toBeUndefined();
    expect(mapping.contacts.sheet).toBeUndefined();
  });

  it('reads the sheet --sheet names below its title block, lists the others, and the mapping it writes names the sheet', () => {
    const text = runCli(['inspect', '--plans', councilWorkbook, '--sheet', 'ehcp plans']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${councilWorkbook}: an .xlsx workbook; sheet "EHCP Plans" read: 3 data rows.`);
    expect(text.stdout).toContain('Its other sheets: "Notes" (--sheet NAME reads another).');
    expect(text.stdout).toContain('The header is row 4: the 3 rows above it are a title block, which reconcile reads past.');
    expect(text.stdout).toMatch(/child_id +← "Child Ref"/);

    const json = runCli(['inspect', '--plans', councilWorkbook, '--contacts', contactsCsv, '--sheet', 'ehcp plans', '--format', 'json']);
    expect(json.status, json.stderr).toBe(0);
    const mapping = JSON.parse(json.stdout);
    // The sheet's own name, for the workbook only: the CSV file has no sheets.
    expect(mapping.plans).toMatchObject({ sheet: 'EHCP Plans', columns: { child_id: 'Child Ref', hours: 'Hours', start_date: 'Start Date' } });
    expect(mapping.contacts.sheet).toBeUndefined();
    const mappingFile = join(folder, 'council-mapping.json');
    writeFileSync(mappingFile, json.stdout);

    // Without the mapping, a run reads the first sheet, which is not the plans; with it, the sheet it names.
    const run = (extra: string[]) =>
      runCli(['reconcile', '--plans', councilWorkbook, '--contacts', contactsCsv, '--as-of', '2026-03-31', '--format', 'json', ...extra]);
    const firstSheet = run([]);
    expect(firstSheet.status).toBe(3);
    expect(firstSheet.stderr).toContain('the plans file has no child_id column');
    const named = run(['--mapping', mappingFile]);
    expect(named.status, named.stderr).toBe(0);
    const result = JSON.parse(named.stdout);
    expect(result.accounting.plans.rowsRead).toBe(PLAN_ROWS.length);
    expect(result.headline.childrenInScope).toBe(PLAN_ROWS.length);
  });

  it('says to give a workbook on standard input by its path, not to save it as CSV', () => {
    const plans = readFileSync(fixture('example-xlsx', 'plans.xlsx'));
    for (const command of ['reconcile', 'validate']) {
      const run = runCli([command, '--plans', '-', '--contacts', fixture('example', 'contacts.csv'), '--as-of', '2026-03-31'], { input: plans });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(
        "standard input is an .xlsx workbook (or another zip file), which cannot be read as a stream: give the workbook's own path instead, as --plans FILE.xlsx or --contacts FILE.xlsx",
      );
      expect(run.stderr).not.toContain('CSV UTF-8');
    }
  });
});
