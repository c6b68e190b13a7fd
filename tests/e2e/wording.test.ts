// What a new user first reads: a count of one with its noun in the singular, the discipline asked for
// named when nothing is in scope, and one sentence for an --out folder that cannot be made.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli.js';

const folder = temporaryDir();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const plans = write(
  'plans.csv',
  'Child Ref,Provision,Hours,Frequency,Start Date\n4000000071,Occupational Therapy,1,Weekly,01/09/2025\n4000000144,Occupational Therapy,1,Weekly,01/09/2025\n',
);
const HEADER = 'NHS Number,Appointment Date,Duration (mins),Outcome,Service\n';
const GOOD_ROW = '4000000071,31/03/2026,45,Attended,Occupational Therapy\n';
/** A row whose date has no month 13: an invalid-row exception. */
const badRow = (day: number) => `4000000144,${String((day % 28) + 1).padStart(2, '0')}/13/2026,30,Attended,Occupational Therapy\n`;
const oneException = write('contacts-one-bad.csv', `${HEADER}${GOOD_ROW}${badRow(0)}`);

const run = (args: readonly string[]) => runCli([...args, '--plans', plans, '--as-of', '2026-03-31']);

describe('a count of one', () => {
  it('is "1 exception row" in reconcile, validate and --max-errors', () => {
    const reconcile = run(['reconcile', '--contacts', oneException]);
    expect(reconcile.status, reconcile.stderr).toBe(0);
    expect(reconcile.stdout).toContain('\n1 exception row to look at (--out DIR writes exceptions.csv).\n');
    expect(reconcile.stdout).toContain('Contacts: 2 rows read = invalid-row 1 + counted 1');

    const validate = run(['validate', '--contacts', oneException]);
    expect(validate.stdout).toContain('\n1 exception row:\n');
    expect(validate.stdout).toContain('Plans: 2 rows read\n');

    const limited = run(['reconcile', '--contacts', oneException, '--max-errors', '0']);
    expect(limited.status).toBe(3);
    expect(limited.stderr).toContain('ehcp-recon: 1 exception row found, more than --max-errors 0:');

    for (const text of [reconcile.stdout, validate.stdout, limited.stderr]) expect(text).not.toMatch(/\b1 exception rows\b/);
  });

  it('is "1 more row" past the exceptions validate lists in Markdown', () => {
    // 200 are listed: the 201st is the one more.
    const contacts = write('contacts-201-bad.csv', `${HEADER}${GOOD_ROW}${Array.from({ length: 201 }, (_, day) => badRow(day)).join('')}`);
    const validate = run(['validate', '--contacts', contacts, '--format', 'md']);
    expect(validate.stdout).toContain('… and 1 more row (--format csv or --out DIR lists them all).');
  });
});

describe('--discipline with nothing in scope', () => {
  it('names the discipline asked for, not "Therapy"', () => {
    const reconcile = run(['reconcile', '--contacts', oneException, '--discipline', 'SLT']);
    expect(reconcile.status, reconcile.stderr).toBe(0);
    expect(reconcile.stdout.split('\n')[0]).toBe('SLT 2025/26, as of 2026-03-31: 0 children with SLT provision in scope.');
  });
});

describe('an --out folder that cannot be made', () => {
  it.runIf(process.platform === 'linux')('is one sentence, not the system error', () => {
    const reconcile = run(['reconcile', '--contacts', oneException, '--out', '/proc/ehcp-recon-nope']);
    expect(reconcile.status).toBe(2);
    expect(reconcile.stderr).toBe(
      'ehcp-recon: could not create the output folder /proc/ehcp-recon-nope/: no folder can be made there (a folder on the path is missing, or it is a place such as /proc that takes no new folders); choose another --out folder or fix this one. See "ehcp-recon --help".\n',
    );
  });
});
