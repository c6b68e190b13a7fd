// shortfall.xlsx read back by an independent reader, LibreOffice, as a commissioner would open it: IDs
// that look like numbers stay text, names keep their accents and pound signs, dates are dates, and a
// text that looks like a formula is text. Two conversions: CSV per sheet shows each cell as the
// spreadsheet displays it (text cells quoted, numbers bare), and flat ODS (.fods) names each cell's
// type (office:value-type string, float or date) and would show any formula (table:formula).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReconciliationResult } from '../../src/result/reconciliationResult.js';
import { hoursOf } from '../../src/result/summary.js';
import { fixture, runCli, temporaryDir } from './cli.js';

const SOFFICE = process.env['EHCP_RECON_SOFFICE'] ?? '/usr/bin/soffice';
const IS_CI = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const HAS_SOFFICE = existsSync(SOFFICE);
/**
 * LibreOffice's CSV export options, by position: comma, double quote, UTF-8, from line 1, no column
 * formats, default language, quote every text cell, detect special numbers, save cells as shown, no
 * formulas, keep spaces, every sheet to its own file (LibreOffice 7.2 and later; Debian 12 has 7.4).
 */
const CSV_EXPORT = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1';

if (!HAS_SOFFICE && !IS_CI) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPED: the LibreOffice test of shortfall.xlsx. No soffice at ${SOFFICE}.\n` +
      `!! Install it (apt-get install libreoffice-calc-nogui) or set EHCP_RECON_SOFFICE. With CI set, this test fails instead.\n${'!'.repeat(78)}\n`,
  );
}

interface CsvField {
  readonly text: string;
  /** LibreOffice quotes a text cell (with "quote every text cell") and a number only when its shown form holds a comma. */
  readonly isQuoted: boolean;
}

/** The fields of CSV lines as written, each with whether it was quoted. */
function csvRows(csv: string): CsvField[][] {
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let at = 0;
  while (at < csv.length) {
    let text = '';
    let isQuoted = false;
    if (csv[at] === '"') {
      isQuoted = true;
      at++;
      while (at < csv.length) {
        if (csv[at] === '"' && csv[at + 1] === '"') {
          text += '"';
          at += 2;
        } else if (csv[at] === '"') {
          at++;
          break;
        } else {
          text += csv[at++];
        }
      }
    } else {
      while (at < csv.length && csv[at] !== ',' && csv[at] !== '\n' && csv[at] !== '\r') text += csv[at++];
    }
    row.push({ text, isQuoted });
    if (csv[at] === ',') {
      at++;
    } else {
      if (csv[at] === '\r') at++;
      if (csv[at] === '\n') at++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** A sheet's CSV as records keyed by its header row. */
function csvRecords(csv: string): Map<string, CsvField>[] {
  const [header, ...rows] = csvRows(csv);
  return rows.map((row) => new Map(header!.map((field, index) => [field.text, row[index] ?? { text: '', isQuoted: false }])));
}

/** The cells of one sheet of a flat ODS file: each cell's attributes and its text. */
function fodsCells(fods: string, sheetName: string): { readonly attributes: string; readonly text: string }[] {
  const start = fods.indexOf(`<table:table table:name="${sheetName}"`);
  if (start < 0) throw new Error(`no sheet ${sheetName} in the .fods`);
  const table = fods.slice(start, fods.indexOf('</table:table>', start));
  return [...table.matchAll(/<table:table-cell([^>]*?)(?:\/>|>(.*?)<\/table:table-cell>)/gs)].map((match) => ({
    attributes: match[1]!,
    text: (match[2] ?? '')
      .replace(/<[^>]+>/g, '')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim(),
  }));
}

function valueType(cell: { readonly attributes: string }): string | undefined {
  return /office:value-type="([^"]+)"/.exec(cell.attributes)?.[1];
}

function convert(xlsx: string, format: string, outdir: string): void {
  // A profile of its own: a LibreOffice already running under the default profile would take the job
  // and leave nothing in outdir.
  const profile = pathToFileURL(temporaryDir('ehcp-recon-soffice-')).href;
  const run = spawnSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', format, '--outdir', outdir, xlsx], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`soffice --convert-to ${format} exited ${run.status}: ${run.stderr}`);
}

describe.skipIf(!HAS_SOFFICE && !IS_CI)('shortfall.xlsx in LibreOffice', () => {
  const out = temporaryDir();
  const converted = temporaryDir('ehcp-recon-converted-');
  let sheets: (name: string) => Map<string, CsvField>[];
  let fods: string;

  beforeAll(() => {
    if (!HAS_SOFFICE)
      throw new Error(`soffice is not at ${SOFFICE} and CI is set: the workbook test must run in CI (.ci/run installs libreoffice-calc-nogui with apt-get)`);
    const run = runCli([
      'reconcile',
      '--plans',
      fixture('workbook-typed-cells', 'plans.csv'),
      '--contacts',
      fixture('workbook-typed-cells', 'contacts.csv'),
      '--year',
      '2024/25',
      '--as-of',
      '2025-08-31',
      '--out',
      out,
      '--quiet',
    ]);
    if (run.status !== 0) throw new Error(`reconcile exited ${run.status}: ${run.stderr}`);
    const xlsx = join(out, 'shortfall.xlsx');
    convert(xlsx, CSV_EXPORT, converted);
    convert(xlsx, 'fods', converted);
    sheets = (name) => csvRecords(readFileSync(join(converted, `shortfall-${name}.csv`), 'utf8'));
    fods = readFileSync(join(converted, 'shortfall.fods'), 'utf8');
  });

  it('opens every sheet, in order', () => {
    const names = [...fods.matchAll(/<table:table table:name="([^"]+)"/g)].map((match) => match[1]);
    expect(names).toEqual(['Headline', 'Shortfall', 'Worklist', 'By provider', 'By locality', 'By commissioner', 'Exceptions', 'About']);
  });

  it('shows IDs that look like numbers or formulas as the text they are', () => {
    const shortfall = sheets('Shortfall');
    expect(shortfall.map((record) => record.get('child_id'))).toEqual([
      { text: '000123', isQuoted: true },
      { text: '4857773456', isQuoted: true },
      { text: '=SUM(1,2)', isQuoted: true },
    ]);
    const worklist = sheets('Worklist');
    expect(worklist.map((record) => record.get('child_id')?.text)).toEqual(['4857773456', '000123', '=SUM(1,2)']);
    expect(worklist.every((record) => record.get('child_id')?.isQuoted === true)).toBe(true);
    // Not a formula: the text, typed as text, and no cell anywhere holds a formula.
    expect(fods).not.toContain('table:formula');
    const cells = fodsCells(fods, 'Shortfall');
    for (const id of ['000123', '4857773456', '=SUM(1,2)']) expect(valueType(cells.find((cell) => cell.text === id)!), id).toBe('string');
  });

  it('keeps the texts that CSV damages: accents, pound signs, leading signs', () => {
    const shortfall = sheets('Shortfall');
    expect(shortfall[0]!.get('provider')).toEqual({ text: "Zoë's Therapy £", isQuoted: true });
    expect(shortfall[1]!.get('provider')).toEqual({ text: '=SUM(1,2)', isQuoted: true });
    expect(shortfall[2]!.get('locality')).toEqual({ text: '-5', isQuoted: true });
    expect(shortfall[2]!.get('commissioner')).toEqual({ text: '@x', isQuoted: true });
    const exceptions = sheets('Exceptions');
    expect(exceptions.map((record) => [record.get('value')?.text, record.get('child_id')?.text])).toEqual([
      ['31/02/2025', '000123'],
      ['-5', '000123'],
    ]);
    expect(exceptions.every((record) => record.get('value')?.isQuoted === true)).toBe(true);
  });

  it('shows dates as dates, dd/mm/yyyy', () => {
    const first = sheets('Shortfall')[0]!;
    expect(first.get('plan_end')).toEqual({ text: '27/06/2025', isQuoted: false });
    const dates = fodsCells(fods, 'Shortfall').filter((cell) => valueType(cell) === 'date');
    expect(dates.map((cell) => [/office:date-value="([^"]+)"/.exec(cell.attributes)?.[1], cell.text])).toEqual([['2025-06-27', '27/06/2025']]);
    expect(sheets('Worklist').map((record) => record.get('deadline'))).toEqual(Array(3).fill({ text: '31/12/2025', isQuoted: false }));
  });

  it("shows figures as numbers in their formats, equal to summary.json's", () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ReconciliationResult;
    const child = [...summary.childYears].find((childYear) => childYear.childId === '000123')!;
    const first = sheets('Shortfall')[0]!;
    const requiredHours = hoursOf(child.requiredMinutes).toFixed(2);
    expect(first.get('required_hours')).toEqual({ text: requiredHours, isQuoted: false });
    expect(first.get('delivered_percent')).toEqual({ text: child.deliveredPercent!.toFixed(1), isQuoted: false });
    expect(first.get('required_minutes')).toEqual({ text: String(child.requiredMinutes), isQuoted: false });
    const hours = fodsCells(fods, 'Shortfall').find((cell) => cell.text === requiredHours)!;
    expect(valueType(hours)).toBe('float');
    expect(hours.attributes).toContain(`office:value="${hoursOf(child.requiredMinutes)}"`);
    const headline = new Map(csvRows(readFileSync(join(converted, 'shortfall-Headline.csv'), 'utf8')).map((row) => [row[0]?.text, row[1]]));
    expect(headline.get('Children in scope')).toEqual({ text: String(summary.headline.childrenInScope), isQuoted: false });
    expect(headline.get('Hours owed')).toEqual({ text: summary.headline.hoursOwed.toFixed(2), isQuoted: false });
    expect(headline.get('As of')).toEqual({ text: '31/08/2025', isQuoted: false });
  });
});
