// Never a confident wrong answer: each case that used to give a plausible, wrong board headline with
// exit 0 and nothing on standard error now says what it saw and what to check, and a scheduled job can
// stop on it (exit 3 with --fail-on-warning or --strict, nothing written). One fixture folder per case,
// fixtures/health-*/, each a hand-made export in the shape a council or provider system writes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseIsoDay } from '../../src/calendar/day.js';
import { run } from '../../src/cli/main.js';
import { fixture, ROOT, runCli, temporaryDir } from './cli.js';
import { runInProcess, type InProcessRun } from './inProcess.js';

const KEY = { EHCP_RECON_KEY: 'a-test-key-of-some-length-2026' };

/** The CLI in-process on a machine whose clock says `today` (a scheduled job on a given day). */
async function runOn(today: string, argv: readonly string[]): Promise<InProcessRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const status = await run({ argv, stdin: Readable.from([]), stdout, stderr, env: { NO_COLOR: '1' }, cwd: ROOT, today: parseIsoDay(today)! });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

function inputs(folder: string, withMapping = false): string[] {
  return [
    '--plans',
    fixture(folder, 'plans.csv'),
    '--contacts',
    fixture(folder, 'contacts.csv'),
    ...(withMapping ? ['--mapping', fixture(folder, 'mapping.json')] : []),
  ];
}

interface Warning {
  readonly code: string;
  readonly message: string;
  readonly [figure: string]: unknown;
}

function warningsOf(json: string): Warning[] {
  return JSON.parse(json).warnings;
}

/** The "ehcp-recon: warning:" lines of standard error. */
function warningLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('ehcp-recon: warning: '));
}

/** Exit 0 with the warnings said; exit 3 with --fail-on-warning and with --strict, and no output written. */
async function expectStops(
  argv: readonly string[],
  codes: readonly string[],
  runner: (argv: readonly string[]) => Promise<InProcessRun> = runInProcess,
): Promise<void> {
  const out = join(temporaryDir(), 'out');
  const plain = await runner(['reconcile', ...argv]);
  expect(plain.status).toBe(0);
  expect(warningLines(plain.stderr)).toHaveLength(codes.length);
  for (const option of ['--fail-on-warning', '--strict']) {
    const stopped = await runner(['reconcile', ...argv, option, '--out', out]);
    expect({ option, status: stopped.status }).toEqual({ option, status: 3 });
    expect(warningLines(stopped.stderr)).toHaveLength(codes.length);
    expect(existsSync(out)).toBe(false);
  }
  const failed = await runner(['reconcile', ...argv, '--fail-on-warning']);
  expect(failed.stderr).toContain(`${codes.length} run-health warning${codes.length === 1 ? '' : 's'} (${codes.join(', ')}) and --fail-on-warning is set`);
  const validated = await runner(['validate', ...argv, '--fail-on-warning', '--format', 'json']);
  expect(validated.status).toBe(3);
  expect(warningsOf(validated.stdout).map((warning) => warning.code)).toEqual(codes);
}

describe('plans keyed on a council reference, contacts on NHS number (fixtures/health-council-ref-vs-nhs)', async () => {
  const argv = [...inputs('health-council-ref-vs-nhs', true), '--as-of', '2026-03-31'];
  const result = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const [warning] = warningsOf(result.stdout);

  it('used to say "20 children (100.0%)" quietly; now warns that the identifiers do not join, with figures', () => {
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).headline).toMatchObject({ childrenInScope: 20, notReceivingFullAllocation: 20, noContact: 16 });
    expect(warning).toMatchObject({ code: 'ids-do-not-join', unknownChildContacts: 164, inYearContacts: 218, suggestion: null });
    expect(warning!.message).toContain('75.2% of the contacts in 2025/26 up to the as-of date (164 of 218) name a child the plans file does not have');
  });

  it('shows three IDs of each file side by side, and says no rule joins an NHS number to a council reference', () => {
    expect(warning).toMatchObject({ contactIds: ['4010232137', '4010311320', '4010469706'], planIds: ['000101', '000102', '000103'] });
    expect(warning!.message).toContain('Child IDs in the contacts file: 4010232137, 4010311320, 4010469706; in the plans file: 000101, 000102, 000103.');
    expect(warning!.message).toContain('No identifier rule (--ids) joins them: check that both files key children by the same identifier');
  });

  it('says it on standard error, and stops a job with --fail-on-warning or --strict', async () => {
    expect(warningLines(result.stderr)).toEqual([`ehcp-recon: warning: ${warning!.message}`]);
    await expectStops(argv, ['ids-do-not-join']);
  });

  it('puts only pseudonyms in the example IDs under --pseudonymise', async () => {
    const hidden = await runInProcess(['reconcile', ...argv, '--format', 'json', '--pseudonymise'], { env: KEY });
    const [pseudonymised] = warningsOf(hidden.stdout);
    expect(pseudonymised!.contactIds).toEqual([
      expect.stringMatching(/^P[0-9a-f]{16}$/),
      expect.stringMatching(/^P[0-9a-f]{16}$/),
      expect.stringMatching(/^P[0-9a-f]{16}$/),
    ]);
    for (const raw of ['4010232137', '000101']) expect(hidden.stdout + hidden.stderr).not.toContain(raw);
    expect(pseudonymised!.message).toContain(`in the plans file: ${(pseudonymised!.planIds as string[]).join(', ')}.`);
  });
});

describe('NHS numbers written 4857773457 in one file and 485 777 3457 in the other (fixtures/health-nhs-spaces)', async () => {
  const argv = [...inputs('health-nhs-spaces'), '--as-of', '2026-03-31'];
  const asWritten = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const joined = await runInProcess(['reconcile', ...argv, '--ids', 'nhs-number', '--format', 'json']);

  it('warns without --ids, and names the rule that joins them', async () => {
    const [warning] = warningsOf(asWritten.stdout);
    // 113 contacts are unknown-child; 3 of them name the child of plan line 13 exactly as the plans
    // file does (its only line does not read), which no identifier rule changes: 110 are left.
    expect(warning).toMatchObject({
      code: 'ids-do-not-join',
      unknownChildContacts: 113,
      inYearContacts: 137,
      unknownChildNotInPlans: 110,
      unknownChildOtherDiscipline: 0,
      unknownChildUnreadPlanLine: 3,
      suggestion: { rule: 'nhs-number', matched: 98, of: 110 },
    });
    expect(warning!.message).toContain('(110 of 137) name a child the plans file does not have');
    expect(warning!.message).toContain('Ignoring spaces and hyphens and checking NHS numbers would match 98 of 110 unknown contacts: use --ids nhs-number.');
    expect(warning!.message).toContain('3 contacts of children whose plan lines do not read');
    await expectStops(argv, ['ids-do-not-join']);
  });

  it('joins 485 777 3457, 485-777-3457 and 4857773457 under --ids nhs-number, with no warning left', async () => {
    expect(joined.status).toBe(0);
    expect(warningsOf(joined.stdout)).toEqual([]);
    const explained = await runInProcess(['explain', ...argv, '--ids', 'nhs-number', '--child', '485 777 3457', '--format', 'json']);
    const explanation = JSON.parse(explained.stdout);
    expect(explanation).toMatchObject({ childId: '4857773457', givenId: '485 777 3457', idRules: { plans: 'nhs-number', contacts: 'nhs-number' } });
    const contacts = readFileSync(fixture('health-nhs-spaces', 'contacts.csv'), 'utf8').split('\n');
    const written = new Set(
      explanation.contactRows
        .filter((row: { bucket: string }) => row.bucket !== 'invalid-row')
        .map((row: { line: number }) => contacts[row.line - 1]!.split(',')[1]),
    );
    expect([...written].sort()).toEqual(['485 777 3457', '485-777-3457', '4857773457']);
    const text = await runInProcess(['explain', ...argv, '--ids', 'nhs-number', '--child', '485-777-3457']);
    expect(text.stdout).toContain('Identifier rule: nhs-number (both files); given as "485-777-3457"');
  });

  it('reads the same on the reader thread, whose bytes path leaves rewritten IDs to the text reader', () => {
    const threaded = runCli(['reconcile', ...argv, '--ids', 'nhs-number', '--threads', '2', '--format', 'json']);
    expect(threaded.status).toBe(0);
    const [one, two] = [JSON.parse(joined.stdout), JSON.parse(threaded.stdout)];
    expect(two.accounting).toEqual(one.accounting);
    expect(two.childYears).toEqual(one.childYears);
    expect(two.warnings).toEqual([]);
  });

  it('makes a mistyped check digit an invalid row naming the NHS number check', () => {
    const refused = JSON.parse(joined.stdout).exceptions.filter(
      (record: { file: string; bucket: string }) => record.file === 'contacts' && record.bucket === 'invalid-row',
    );
    expect(refused).toEqual([
      {
        file: 'contacts',
        line: 9,
        bucket: 'invalid-row',
        field: 'child_id',
        value: '485 777 3456',
        reason: 'not a valid NHS number: its check digit fails (it should be 7, not 6), so a digit is likely mistyped or two swapped',
        childId: '485 777 3456',
      },
    ]);
  });

  it('points a contact whose only plan line is invalid at that line', () => {
    const unknown = JSON.parse(joined.stdout).exceptions.filter((record: { bucket: string }) => record.bucket === 'unknown-child');
    // Every one is the child of plan line 13, whose provision text gives no quantity.
    expect(unknown).toHaveLength(14);
    expect(new Set(unknown.map((record: { childId: string }) => record.childId))).toEqual(new Set(['9435716199']));
    for (const record of unknown) {
      expect(record.reason).toMatch(
        /^no OT provision line that reads in the plans file for this child: its plan line 13 is invalid \(provision: provision is not quantified \("as required"\)/,
      );
    }
  });

  it('records the rule in the manifest, and quotes the bad value in explain', async () => {
    const out = temporaryDir();
    await runInProcess(['reconcile', ...argv, '--ids', 'nhs-number', '--out', out, '--quiet']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.reading.ids).toEqual({ plans: 'nhs-number', contacts: 'nhs-number' });
    expect(manifest.warnings).toEqual([]);
    const explained = await runInProcess(['explain', ...argv, '--ids', 'nhs-number', '--child', '9435716199']);
    expect(explained.stdout).toContain('line 13: invalid-row — provision "as required": provision is not quantified');
  });

  it('takes the rule from a mapping file per file too', async () => {
    const dir = temporaryDir();
    const mapping = join(dir, 'mapping.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(mapping, JSON.stringify({ contacts: { ids: 'nhs-number' } })));
    const mapped = await runInProcess(['reconcile', ...argv, '--mapping', mapping, '--format', 'json']);
    expect(warningsOf(mapped.stdout)).toEqual([]);
    expect(JSON.parse(mapped.stdout).accounting).toEqual(JSON.parse(joined.stdout).accounting);
  });

  it('makes pseudonyms from the compared ID, the same whichever way a file writes it', async () => {
    const hidden = JSON.parse((await runInProcess(['reconcile', ...argv, '--ids', 'nhs-number', '--pseudonymise', '--format', 'json'], { env: KEY })).stdout);
    const explained = JSON.parse(
      (await runInProcess(['explain', ...argv, '--ids', 'nhs-number', '--pseudonymise', '--child', '485-777-3457', '--format', 'json'], { env: KEY })).stdout,
    );
    const plain = JSON.parse(joined.stdout);
    const position = plain.childYears.findIndex((childYear: { childId: string }) => childYear.childId === '4857773457');
    expect(explained.childId).toBe(hidden.childYears[position].childId);
    expect(explained).toMatchObject({ givenId: null, similarPlanIds: [] });
    expect(JSON.stringify(explained)).not.toContain('485');
  });

  it('reads --ids and --fail-on-warning from a config file', async () => {
    const dir = temporaryDir();
    const config = join(dir, 'config.json');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        config,
        JSON.stringify({
          plans: fixture('health-nhs-spaces', 'plans.csv'),
          contacts: fixture('health-nhs-spaces', 'contacts.csv'),
          asOf: '2026-03-31',
          failOnWarning: true,
        }),
      ),
    );
    expect((await runInProcess(['reconcile', '--config', config])).status).toBe(3);
    expect((await runInProcess(['reconcile', '--config', config, '--ids', 'nhs-number'])).status).toBe(0);
    const bad = await runInProcess(['reconcile', '--config', config, '--ids', 'nhs']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not an identifier rule: expected exact, nhs-number, trim-zeros, case-insensitive or digits');
  });

  it('suggests the nearest plan IDs when explain is given an ID no file has', async () => {
    const missing = await runInProcess(['explain', ...argv, '--child', '4857773475']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('child "4857773475" appears in neither the plans file nor the contacts file; did you mean 4857773457?');
  });
});

describe('a --year that has no contacts (fixtures/health-wrong-year)', async () => {
  const argv = [...inputs('health-wrong-year'), '--year', '2024/25'];
  const result = await runOn('2026-04-14', ['reconcile', ...argv, '--format', 'json']);
  const warnings = warningsOf(result.stdout);

  it('used to say "15 children (100.0%) … no contact at all" quietly; now says the contacts are in 2025/26', () => {
    expect(JSON.parse(result.stdout).headline).toMatchObject({ childrenInScope: 15, noContact: 15 });
    expect(warnings.map((warning) => warning.code)).toEqual(['contacts-outside-year', 'all-no-contact']);
    expect(warnings[0]).toMatchObject({
      year: '2024/25',
      asOf: '2025-08-31',
      contacts: 164,
      otherYearContacts: 164,
      contactYears: [{ year: '2025/26', contacts: 164 }],
    });
    expect(warnings[0]!.message).toBe(
      'No contact is dated in 2024/25 up to the as-of date 2025-08-31: of the 164 contacts that read, all are in other years (2025/26: 164). Check --year and --as-of against the period the contacts export covers.',
    );
    expect(warnings[1]!.message).toContain('Every one of the 15 child-years with provision due in 2024/25 received no contact at all');
    expect(warnings[1]!.message).toContain('the most are other-year (164)');
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['contacts-outside-year', 'all-no-contact'], (words) => runOn('2026-04-14', words));
  });
});

describe('no --as-of on a machine whose clock is in the next academic year (fixtures/health-clock-next-year)', async () => {
  const argv = inputs('health-clock-next-year');
  const result = await runOn('2026-10-15', ['reconcile', ...argv, '--format', 'json']);
  const warnings = warningsOf(result.stdout);

  it('used to reconcile 2026/27, a year with no contacts, as 100% no contact; now says why', () => {
    expect(JSON.parse(result.stdout)).toMatchObject({ year: '2026/27', asOf: '2026-10-15', headline: { childrenInScope: 12, noContact: 12 } });
    expect(warnings.map((warning) => warning.code)).toEqual(['contacts-outside-year', 'as-of-from-clock', 'as-of-after-last-contact', 'all-no-contact']);
    expect(warnings[1]!.message).toContain("No --as-of was given, so the run reconciled 2026/27 up to today's date, 2026-10-15");
    expect(warnings[1]!.message).toContain('Pass --as-of in scheduled jobs');
    expect(warnings[2]).toMatchObject({ asOf: '2026-10-15', lastContact: '2026-03-31', days: 198 });
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['contacts-outside-year', 'as-of-from-clock', 'as-of-after-last-contact', 'all-no-contact'], (words) => runOn('2026-10-15', words));
  });

  it('gives no warning once the job passes --as-of', async () => {
    const fixed = await runOn('2026-10-15', ['reconcile', ...argv, '--as-of', '2026-03-31', '--format', 'json']);
    expect(warningsOf(fixed.stdout)).toEqual([]);
  });
});

describe('the warnings in every output', async () => {
  const out = temporaryDir();
  const argv = ['reconcile', ...inputs('health-wrong-year'), '--year', '2024/25', '--as-of', '2025-08-31'];
  const spawned = runCli([...argv, '--out', out]);
  const markdown = runCli([...argv, '--format', 'md', '--quiet']);

  it('the built command prints the block on standard error, and --quiet keeps it off', () => {
    expect(spawned.status).toBe(0);
    expect(warningLines(spawned.stderr)).toHaveLength(2);
    expect(markdown.stderr).toBe('');
  });

  it('summary.json ends with them, manifest.json lists them, report.html and the Markdown open with a banner', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary).at(-1)).toBe('warnings');
    expect(summary.schemaVersion).toBe(1);
    expect(summary.warnings.map((warning: Warning) => warning.code)).toEqual(['contacts-outside-year', 'all-no-contact']);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).warnings).toEqual(summary.warnings);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(page.indexOf('id="warnings"')).toBeGreaterThan(page.indexOf('</header>'));
    expect(page.indexOf('id="warnings"')).toBeLessThan(page.indexOf('id="headline"'));
    expect(page).toContain('Check before use: 2 warnings about these figures');
    expect(page).toContain('No contact is dated in 2024/25 up to the as-of date 2025-08-31');
    expect(page).not.toMatch(/<script/i);
    expect(markdown.stdout.split('\n').slice(2, 4)).toEqual(['> **Check before use: 2 warnings about these figures.**', '>']);
    expect(readdirSync(out)).toContain('report.html');
  });
});

/** The days of a contacts file's date column (UK day-first text, or ISO), read here without the tool. */
function contactDays(folder: string, file: string, column: number): string[] {
  const lines = readFileSync(fixture(folder, file), 'utf8').trimEnd().split('\n').slice(1);
  return lines.map((line) => {
    const cell = line.split(',')[column]!;
    const uk = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(cell);
    return uk === null ? cell : `${uk[3]}-${uk[2]}-${uk[1]}`;
  });
}

describe('a contacts export of March alone, sent for the year to date (fixtures/health-contacts-start-late)', async () => {
  const folder = 'health-contacts-start-late';
  const run = (plans: string, contacts: string) => ['--plans', fixture(folder, plans), '--contacts', fixture(folder, contacts), '--as-of', '2026-03-31'];
  const argv = run('plans.csv', 'contacts.csv');
  const result = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const firstContact = contactDays(folder, 'contacts.csv', 2).sort()[0];

  it('used to say "13.1% delivered" quietly; now says the export starts 182 days after provision began to be due', () => {
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).headline).toMatchObject({ childrenInScope: 24, deliveredShare: 13.1 });
    const warnings = warningsOf(result.stdout);
    expect(warnings.map((warning) => warning.code)).toEqual(['contacts-start-late']);
    expect(firstContact).toBe('2026-03-02');
    expect(warnings[0]).toMatchObject({
      year: '2025/26',
      firstContact,
      dueFrom: '2025-09-01',
      days: 182,
      childYears: 24,
      childYearsDueEarlier: 24,
    });
    expect(warnings[0]!.message).toContain('The first contact in the contacts file is dated 2026-03-02, 182 days after provision began to be due (2025-09-01)');
    expect(warnings[0]!.message).toContain('24 of the 24 child-years with provision due in 2025/26 were due more than 45 days before it');
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['contacts-start-late']);
  });

  it('warns on a calendar-year-to-date export too, and judges plans that start late from their start', async () => {
    const codesOf = async (plans: string, contacts: string) => {
      const warnings = warningsOf((await runInProcess(['validate', ...run(plans, contacts), '--format', 'json'])).stdout);
      return warnings.map((warning) => [warning.code, warning.days]);
    };
    expect(await codesOf('plans.csv', 'contacts-from-january.csv')).toEqual([['contacts-start-late', 126]]);
    // Every plan starts on 5 January: contacts from then on are not late, contacts from March are.
    expect(await codesOf('plans-from-january.csv', 'contacts-from-january.csv')).toEqual([]);
    expect(await codesOf('plans-from-january.csv', 'contacts.csv')).toEqual([['contacts-start-late', 56]]);
  });
});

describe('a plans file whose discipline column is headed "Provision Type" (fixtures/health-plans-no-discipline)', async () => {
  const folder = 'health-plans-no-discipline';
  const argv = [...inputs(folder, true), '--as-of', '2026-03-31'];
  const result = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const [warning] = warningsOf(result.stdout);
  const services = readFileSync(fixture(folder, 'contacts.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[4]);
  const otherServices = services.filter((service) => service !== 'Occupational Therapy').length;

  it('names the column to map, and no longer blames the identifiers', () => {
    expect(result.status).toBe(0);
    expect(warningsOf(result.stdout).map((each) => each.code)).toEqual(['plans-discipline-column-missing']);
    expect(otherServices).toBe(81);
    expect(warning).toMatchObject({
      lines: 12,
      planDiscipline: 'OT',
      contacts: services.length,
      otherDisciplineContacts: otherServices,
      contactDisciplines: ['OT', 'SLT', 'PT'],
      column: { number: 2, header: 'Provision Type', readAs: null, disciplines: ['OT', 'SLT', 'PT'] },
    });
    expect(warning!.message).toContain('The plans file has no discipline column, so all 12 provision lines that read are taken as OT');
    expect(warning!.message).toContain('its column "Provision Type" (column 2) names OT, SLT and PT, and 81 of the 139 contacts that read are SLT or PT');
    expect(warning!.message).toContain('Map that column as the discipline: "plans": {"columns": {"discipline": "Provision Type"}} in a mapping file.');
    // The SLT and PT contacts are unknown-child, but their children are in the plans (as OT): no --ids advice.
    expect(JSON.parse(result.stdout).accounting.contacts.buckets['unknown-child']).toBe(81);
    expect(result.stdout + result.stderr).not.toContain('--ids');
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['plans-discipline-column-missing']);
  });

  it('gives no warning once the column is mapped', async () => {
    const mapped = await runInProcess([
      'reconcile',
      '--plans',
      fixture(folder, 'plans.csv'),
      '--contacts',
      fixture(folder, 'contacts.csv'),
      '--mapping',
      fixture(folder, 'mapping-with-discipline.json'),
      '--as-of',
      '2026-03-31',
      '--format',
      'json',
    ]);
    expect(warningsOf(mapped.stdout)).toEqual([]);
    expect(JSON.parse(mapped.stdout).accounting.contacts.buckets['unknown-child']).toBeUndefined();
  });

  it('names the column by its number alone under --pseudonymise', async () => {
    const hidden = await runInProcess(['reconcile', ...argv, '--format', 'json', '--pseudonymise'], { env: KEY });
    const [pseudonymised] = warningsOf(hidden.stdout);
    expect(pseudonymised).toMatchObject({ code: 'plans-discipline-column-missing', column: { number: 2, header: null } });
    expect(pseudonymised!.message).toContain('its column 2 names OT, SLT and PT');
    expect(pseudonymised!.message).not.toContain('Provision Type');
  });
});

describe('UK dates read with --date-format MM/dd/yyyy (fixtures/health-invalid-rows)', async () => {
  const folder = 'health-invalid-rows';
  const argv = [...inputs(folder), '--as-of', '2026-03-31', '--date-format', 'MM/dd/yyyy'];
  const result = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const [warning] = warningsOf(result.stdout);
  const days = contactDays(folder, 'contacts.csv', 2);
  // A day-first date past the 12th is no month-first date at all.
  const unreadable = days.filter((day) => Number(day.slice(8)) > 12).length;

  it('used to say "6.5% delivered" quietly; now says how many rows did not read, and why', () => {
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).headline).toMatchObject({ deliveredShare: 6.5 });
    expect(warningsOf(result.stdout).map((each) => each.code)).toEqual(['many-invalid-rows']);
    expect(unreadable).toBe(70);
    expect(warning).toMatchObject({
      file: 'contacts',
      invalidRows: unreadable,
      rowsRead: days.length,
      commonest: { field: 'date', rows: unreadable, line: 2, value: '17/09/2025' },
    });
    expect(warning!.message).toContain('70 of the 124 contact rows (56.5%) did not read (invalid-row)');
    expect(warning!.message).toContain('on every one: date "17/09/2025" (line 2): not a date in the format MM/dd/yyyy given');
    expect(warning!.message).toContain('Check --date-format');
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['many-invalid-rows']);
  });

  it('quotes no value under --pseudonymise', async () => {
    const hidden = await runInProcess(['reconcile', ...argv, '--format', 'json', '--pseudonymise'], { env: KEY });
    const [pseudonymised] = warningsOf(hidden.stdout);
    expect(pseudonymised).toMatchObject({ code: 'many-invalid-rows', commonest: { field: 'date', line: 2, value: null } });
    expect(pseudonymised!.message).toContain('on every one: date (first on line 2): not a date in the format MM/dd/yyyy');
    expect(JSON.stringify(JSON.parse(hidden.stdout).warnings) + hidden.stderr).not.toContain('17/09/2025');
  });

  it('gives no warning when the dates are read as written', async () => {
    const plain = await runInProcess(['reconcile', ...inputs(folder), '--as-of', '2026-03-31', '--format', 'json']);
    expect(warningsOf(plain.stdout)).toEqual([]);
    expect(JSON.parse(plain.stdout).accounting.contacts.buckets['invalid-row']).toBeUndefined();
  });
});

describe('an export without the contacts of the OT team (fixtures/health-discipline-no-contact)', async () => {
  const argv = [...inputs('health-discipline-no-contact'), '--as-of', '2026-03-31'];
  const result = await runInProcess(['reconcile', ...argv, '--format', 'json']);
  const [warning] = warningsOf(result.stdout);

  it('used to show OT at 0.0% beside SLT and PT quietly; now says no OT contact counted', () => {
    expect(result.status).toBe(0);
    const ot = JSON.parse(result.stdout).childYears.filter((childYear: { discipline: string }) => childYear.discipline === 'OT');
    expect(ot.map((childYear: { status: string }) => childYear.status)).toEqual(['no-contact', 'no-contact', 'no-contact', 'no-contact', 'no-contact']);
    expect(warningsOf(result.stdout).map((each) => each.code)).toEqual(['discipline-no-contact']);
    expect(warning).toMatchObject({ year: '2025/26', discipline: 'OT', childYears: 5, contacts: 0, otherChildYears: 10, otherChildYearsWithContact: 10 });
    expect(warning!.message).toContain(
      'None of the 5 OT child-years with provision due in 2025/26 received a counted contact, while 10 of the 10 child-years of other disciplines did.',
    );
    expect(warning!.message).toContain('No contact row of the contacts file reads as OT');
  });

  it('stops a job with --fail-on-warning or --strict', async () => {
    await expectStops(argv, ['discipline-no-contact']);
  });

  it('leaves a run of OT alone to all-no-contact', async () => {
    const alone = await runInProcess(['validate', ...argv, '--discipline', 'OT', '--format', 'json']);
    expect(warningsOf(alone.stdout).map((each) => each.code)).toEqual(['all-no-contact']);
  });
});
