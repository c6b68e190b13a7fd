// Workbooks as inputs: the example saved as .xlsx reconciles to the same outputs as its CSV files, byte
// for byte, apart from what describes the inputs themselves (the manifest, the workbook's About sheet) and
// the cell each exception names in them.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbookRows } from '../../src/io/workbook/workbookReader.js';
import { writeWorkbook } from '../unit/io/workbook/xlsxWriter.js';
import { fixture, runCli, temporaryDir } from './cli.js';

const folder = temporaryDir();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function reconcile(plans: string, contacts: string, out: string) {
  return runCli([
    'reconcile',
    '--plans',
    plans,
    '--contacts',
    contacts,
    '--mapping',
    fixture('example', 'mapping.json'),
    '--as-of',
    '2026-03-31',
    '--out',
    join(folder, out),
    '--format',
    'json',
  ]);
}

/** Every sheet of a workbook but About, as rows of text. */
async function sheetsOf(path: string): Promise<Record<string, string[][]>> {
  const sheets: Record<string, string[][]> = {};
  const names = (await readWorkbookRows(path, { source: path }, { row() {} })).sheets.filter((name) => name !== 'About');
  for (const name of names) {
    const rows: string[][] = [];
    await readWorkbookRows(path, { source: path, sheet: name }, { row: (cells) => rows.push(cells) });
    sheets[name] = rows;
  }
  return sheets;
}

/** The rows of a workbook's first sheet by row number, as cell text. */
async function rowsOf(path: string): Promise<Map<number, string[]>> {
  const rows = new Map<number, string[]>();
  await readWorkbookRows(path, { source: path }, { row: (cells, rowNumber) => void rows.set(rowNumber, cells) });
  return rows;
}

/** A result's JSON with the exceptions' cells taken out, as a run of CSV inputs writes it. */
function withoutCells(json: string): unknown {
  const value = JSON.parse(json) as { exceptions: Array<Record<string, unknown>> };
  for (const record of value.exceptions) {
    expect(record['cell']).toMatch(/^(plans|contacts)!/);
    delete record['cell'];
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('.xlsx inputs', () => {
  const fromCsv = reconcile(fixture('example', 'plans.csv'), fixture('example', 'contacts.csv'), 'csv');
  const fromWorkbooks = reconcile(fixture('example-xlsx', 'plans.xlsx'), fixture('example-xlsx', 'contacts.xlsx'), 'xlsx');

  it('give the outputs the same data gives as CSV, each exception naming its cell besides', () => {
    expect(fromCsv.status).toBe(0);
    expect(fromWorkbooks.stderr).not.toContain('warning');
    expect(fromWorkbooks.status).toBe(0);
    expect(withoutCells(fromWorkbooks.stdout)).toEqual(JSON.parse(fromCsv.stdout));
    const names = readdirSync(join(folder, 'csv')).sort();
    expect(readdirSync(join(folder, 'xlsx')).sort()).toEqual(names);
    for (const name of names.filter((file) => !['manifest.json', 'shortfall.xlsx', 'exceptions.csv', 'summary.json'].includes(file))) {
      expect(readFileSync(join(folder, 'xlsx', name)).equals(readFileSync(join(folder, 'csv', name))), name).toBe(true);
    }
    expect(withoutCells(readFileSync(join(folder, 'xlsx', 'summary.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(join(folder, 'csv', 'summary.json'), 'utf8')),
    );
    // exceptions.csv: the same lines, each with one more column, its cell.
    const csvLines = readFileSync(join(folder, 'csv', 'exceptions.csv'), 'utf8').split('\n');
    const workbookLines = readFileSync(join(folder, 'xlsx', 'exceptions.csv'), 'utf8').split('\n');
    expect(workbookLines[0]).toBe(`${csvLines[0]},cell`);
    expect(workbookLines.length).toBe(csvLines.length);
    for (let i = 1; i < csvLines.length - 1; i++)
      expect(workbookLines[i]).toMatch(new RegExp(`^${escapeRegExp(csvLines[i]!)},(plans|contacts)!([A-Z]+\\d+|\\d+:\\d+)$`));
  });

  it("name each exception's cell: the spreadsheet shows the exception's value there", async () => {
    const exceptions = (
      JSON.parse(readFileSync(join(folder, 'xlsx', 'summary.json'), 'utf8')) as { exceptions: Array<{ field: string; value: string; cell: string }> }
    ).exceptions;
    const sheets = { plans: await rowsOf(fixture('example-xlsx', 'plans.xlsx')), contacts: await rowsOf(fixture('example-xlsx', 'contacts.xlsx')) };
    const checked = exceptions.filter((record) => ['child_id', 'provision_id', 'contact_id'].includes(record.field));
    expect(checked.length).toBeGreaterThan(20);
    for (const record of checked) {
      const [, sheet, letter, row] = /^(plans|contacts)!([A-Z])(\d+)$/.exec(record.cell)!;
      expect(sheets[sheet as 'plans' | 'contacts'].get(Number(row))?.[letter!.charCodeAt(0) - 65], record.cell).toBe(record.value);
    }
  });

  it('are traced in the manifest as workbooks: their sheet, size and SHA-256', () => {
    const inputs = (JSON.parse(readFileSync(join(folder, 'xlsx', 'manifest.json'), 'utf8')) as { inputs: Record<string, Record<string, unknown>> }).inputs;
    expect(inputs['plans']).toMatchObject({ encoding: 'xlsx', sheet: 'plans', bytes: readFileSync(fixture('example-xlsx', 'plans.xlsx')).length });
    expect(inputs['contacts']).toMatchObject({ encoding: 'xlsx', sheet: 'contacts' });
    expect(inputs['contacts']!['sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('give the same shortfall workbook, but for the About sheet that names them and the cells of the exceptions', async () => {
    const fromWorkbookSheets = await sheetsOf(join(folder, 'xlsx', 'shortfall.xlsx'));
    const exceptions = fromWorkbookSheets['Exceptions']!;
    expect(exceptions[0]!.at(-1)).toBe('cell');
    expect(exceptions.slice(1).every((row) => /^(plans|contacts)!/.test(row.at(-1)!))).toBe(true);
    fromWorkbookSheets['Exceptions'] = exceptions.map((row) => row.slice(0, -1));
    expect(fromWorkbookSheets).toEqual(await sheetsOf(join(folder, 'csv', 'shortfall.xlsx')));
  });

  it("read past a title block and set totals rows aside, naming both, with the spreadsheet's row numbers", () => {
    const plans = fixture('title-block-totals', 'plans.xlsx');
    const run = runCli([
      'reconcile',
      '--plans',
      plans,
      '--contacts',
      fixture('title-block-totals', 'contacts.csv'),
      '--as-of',
      '2025-03-31',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`skipped 5 lines above the header of ${plans}`);
    expect(run.stderr).toContain(`${plans} has 2 totals or footer rows (lines 9, 10)`);
    const result = JSON.parse(run.stdout) as {
      accounting: { plans: unknown };
      exceptions: Array<{ file: string; line: number; value: string }>;
      childYears: Array<{ childId: string; requiredMinutes: number }>;
    };
    expect(result.accounting.plans).toEqual({ rowsRead: 4, buckets: { 'invalid-row': 2, reconciled: 2 } });
    expect(result.exceptions.filter((record) => record.file === 'plans').map(({ line, value }) => [line, value])).toEqual([
      [9, 'Total'],
      [10, 'Rows: 2'],
    ]);
    expect(result.childYears.map(({ childId, requiredMinutes }) => [childId, requiredMinutes])).toEqual([
      ['C0001', 1170],
      ['C0002', 720],
    ]);
  });

  it('say of a sheet with no rows that it has none, and which option picks another', () => {
    const folder = temporaryDir('ehcp-recon-empty-sheet-');
    const empty = writeWorkbook(folder, 'plans.xlsx', { sheets: [{ name: 'Sheet1', rows: '' }] });
    const run = runCli(['validate', '--plans', empty, '--contacts', fixture('example', 'contacts.csv'), '--as-of', '2026-03-31']);
    rmSync(folder, { recursive: true, force: true });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('the sheet "Sheet1" has no rows: give the sheet that holds the export (--sheet)');
  });

  it('refuse an unknown sheet, naming the sheets there are', () => {
    const run = runCli([
      'validate',
      '--plans',
      fixture('example-xlsx', 'plans.xlsx'),
      '--contacts',
      fixture('example', 'contacts.csv'),
      '--mapping',
      fixture('example', 'mapping.json'),
      '--as-of',
      '2026-03-31',
      '--sheet',
      'Provision',
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('Provision');
    expect(run.stderr).toContain('plans');
  });
});
