import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryDir } from './cli.js';

const worked = (name: string) => fixture('spec-worked-examples', name);
const yearArgs = ['--year', '2024/25', '--as-of', '2025-08-31'];

function readCsvFile(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
}

describe('reconcile on the worked examples', () => {
  const out = temporaryDir();
  const run = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--format', 'json', '--out', out]);
  const result = JSON.parse(run.stdout);

  it('exits 0 and prints the accounting to standard error', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('Contacts: 24 rows read');
  });

  it('gives each child-year the numbers of the worked examples', () => {
    const byChild = Object.fromEntries(result.childYears.map((row: { childId: string }) => [row.childId, row]));
    expect(byChild.W1).toMatchObject({
      status: 'shortfall',
      requiredMinutes: 1755,
      deliveredMinutes: 405,
      shortfallMinutes: 1350,
      sessionsOwed: 30,
      sessionsDelivered: 9,
    });
    expect(byChild.W2).toMatchObject({ status: 'no-contact', requiredMinutes: 675, deliveredMinutes: 0, sessionsOwed: 15 });
    expect(byChild.W3).toMatchObject({ status: 'met', requiredMinutes: 180, deliveredMinutes: 180, deliveredPercent: 100 });
    expect(Object.keys(byChild).sort()).toEqual(['W1', 'W2', 'W3']);
  });

  it('accounts for every row, in the documented buckets', () => {
    expect(result.accounting.plans).toEqual({ rowsRead: 5, buckets: { 'invalid-row': 1, 'excluded-funding': 1, reconciled: 3 } });
    expect(result.accounting.contacts).toEqual({
      rowsRead: 24,
      buckets: {
        'invalid-row': 1,
        duplicate: 1,
        'unknown-child': 1,
        'excluded-funding': 1,
        dna: 2,
        'cancelled-family': 1,
        'cancelled-provider': 1,
        indirect: 1,
        counted: 15,
      },
    });
  });

  it('reports the unquantified provision and the impossible date as exceptions with file, line, field, value and reason', () => {
    const plansException = result.exceptions.find((record: { file: string }) => record.file === 'plans');
    expect(plansException).toMatchObject({ line: 6, bucket: 'invalid-row', field: 'provision', value: 'access to OT as required', childId: 'W5' });
    expect(plansException.reason).toMatch(/not quantified/);
    const dateException = result.exceptions.find((record: { field: string }) => record.field === 'date');
    expect(dateException).toMatchObject({ file: 'contacts', bucket: 'invalid-row', value: '31/02/2025' });
  });

  it('has the headline of a board paper', () => {
    expect(result.headline).toMatchObject({
      childrenInScope: 3,
      notReceivingFullAllocation: 2,
      notReceivingShare: 66.7,
      noContact: 1,
      requiredHours: 43.5,
      deliveredHours: 9.75,
      hoursOwed: 33.75,
    });
    expect(result.schemaVersion).toBe(1);
    expect(result.year).toBe('2024/25');
    expect(result.asOf).toBe('2025-08-31');
  });

  it('writes the output files with a BOM, Excel-safe, in worklist order', () => {
    expect(readdirSync(out).sort()).toEqual([
      'exceptions.csv',
      'manifest.json',
      'reconciliation.csv',
      'report.html',
      'shortfall.csv',
      'shortfall.xlsx',
      'summary.json',
      'worklist.csv',
    ]);
    expect(readFileSync(join(out, 'worklist.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const worklist = readCsvFile(join(out, 'worklist.csv'));
    expect(worklist.map((row) => [row.rank, row.child_id, row.status])).toEqual([
      ['1', 'W2', 'no-contact'],
      ['2', 'W1', 'shortfall'],
    ]);
    expect(worklist[1]?.shortfall_hours).toBe('22.50');
    expect(readCsvFile(join(out, 'shortfall.csv')).map((row) => row.child_id)).toEqual(['W1', 'W2']);
    expect(readCsvFile(join(out, 'reconciliation.csv'))).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(result);
  });

  it('gives byte-identical outputs for the same inputs', () => {
    const again = temporaryDir();
    runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--format', 'json', '--out', again]);
    for (const name of readdirSync(out)) expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name)))).toBe(true);
  });

  it('prints a table by default, and csv and md on request', () => {
    const table = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('2 children (66.7%) did not receive their full allocation');
    expect(table.stdout).not.toMatch(/\u001b\[/);
    const csv = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--format', 'csv']);
    expect(csv.stdout.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.stdout.split('\n')[0]).toMatch(/^child_id,discipline,year,status,/);
    const md = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--format', 'md']);
    expect(md.stdout).toContain('| Provider |');
  });
});

describe('input flavours', () => {
  it('reads a BOM + CRLF + semicolon export with UK dates and CSDS codes to the same numbers', () => {
    const plain = JSON.parse(
      runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--format', 'json']).stdout,
    );
    const excel = runCli([
      'reconcile',
      '--plans',
      fixture('bom-crlf-semicolon', 'plans.csv'),
      '--contacts',
      fixture('bom-crlf-semicolon', 'contacts.csv'),
      ...yearArgs,
      '--format',
      'json',
    ]);
    expect(excel.status).toBe(0);
    const result = JSON.parse(excel.stdout);
    expect(result.childYears).toEqual(plain.childYears);
    expect(result.accounting).toEqual(plain.accounting);
  });

  it('reads windows-1252 with --encoding', () => {
    const run = runCli([
      'reconcile',
      '--plans',
      fixture('windows-1252', 'plans.csv'),
      '--contacts',
      fixture('windows-1252', 'contacts.csv'),
      ...yearArgs,
      '--encoding',
      'windows-1252',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.childYears[0].provider).toBe("Zoë's Therapy £ Ltd");
    expect(result.accounting.contacts.buckets).toEqual({ dna: 1, counted: 2 });
  });
});

describe('errors and exit statuses', () => {
  it('a malformed CSV stops with exit 3 naming the file and line, and writes nothing', () => {
    const out = join(temporaryDir(), 'out');
    const run = runCli([
      'reconcile',
      '--plans',
      fixture('malformed-csv', 'plans.csv'),
      '--contacts',
      fixture('malformed-csv', 'contacts.csv'),
      ...yearArgs,
      '--out',
      out,
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('contacts.csv');
    expect(run.stderr).toMatch(/line 3/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('a missing column stops with exit 3, naming it and listing the headers found', () => {
    const run = runCli(['reconcile', '--plans', fixture('missing-column', 'plans.csv'), '--contacts', fixture('missing-column', 'contacts.csv'), ...yearArgs]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('no minutes column');
    expect(run.stderr).toContain('"Client ID", "Appointment Date", "Outcome"');
  });

  it('a missing file is exit 3', () => {
    const run = runCli(['reconcile', '--plans', 'nowhere.csv', '--contacts', worked('contacts.csv'), ...yearArgs]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('nowhere.csv');
  });

  it('a bad option value is exit 2', () => {
    expect(runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), '--as-of', '31/03/2025']).status).toBe(2);
    expect(runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), '--format', 'xml']).status).toBe(2);
    expect(runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), '--tolerance', '-5']).status).toBe(2);
    expect(runCli(['reconcile', '--plans', worked('plans.csv')]).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
  });

  it('--strict turns any exception into exit 3, and --max-errors counts them', () => {
    const strict = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--strict']);
    expect(strict.status).toBe(3);
    expect(strict.stderr).toMatch(/exception rows found and --strict is set/);
    expect(runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--max-errors', '3']).status).toBe(3);
    expect(runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--max-errors', '4']).status).toBe(0);
  });

  it('--fail-on-shortfall exits 4 after writing its outputs', () => {
    const out = temporaryDir();
    const run = runCli(['reconcile', '--plans', worked('plans.csv'), '--contacts', worked('contacts.csv'), ...yearArgs, '--fail-on-shortfall', '--out', out]);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('2 child-years are short');
    expect(existsSync(join(out, 'worklist.csv'))).toBe(true);
    const windows = runCli([
      'reconcile',
      '--plans',
      fixture('windows-1252', 'plans.csv'),
      '--contacts',
      fixture('windows-1252', 'contacts.csv'),
      '--year',
      '2024/25',
      '--as-of',
      '2024-09-11',
      '--encoding',
      'windows-1252',
      '--fail-on-shortfall',
      '--tolerance',
      '15',
    ]);
    expect(windows.status).toBe(0);
  });

  it('refuses an --out folder that would replace an input (exit 2)', () => {
    const dir = temporaryDir();
    const plans = join(dir, 'reconciliation.csv');
    writeFileSync(plans, readFileSync(worked('plans.csv')));
    const run = runCli(['reconcile', '--plans', plans, '--contacts', worked('contacts.csv'), ...yearArgs, '--out', dir]);
    expect(run.status).toBe(2);
    expect(readFileSync(plans).equals(readFileSync(worked('plans.csv')))).toBe(true);
  });
});
