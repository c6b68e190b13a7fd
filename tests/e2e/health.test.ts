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
    expect(warning).toMatchObject({
      code: 'ids-do-not-join',
      unknownChildContacts: 113,
      inYearContacts: 137,
      suggestion: { rule: 'nhs-number', matched: 98, of: 113 },
    });
    expect(warning!.message).toContain('Ignoring spaces and hyphens and checking NHS numbers would match 98 of 113 unknown contacts: use --ids nhs-number.');
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
