// Real exports, read as they come (docs/exports.md): each preset's fixture in its system's own shape,
// reconciled with the preset and no mapping file; a title block above the header and totals rows
// below the records. Every figure below is worked by hand from the fixture, in the comments.
// Runs in-process, from the sources; the presets come from the package's presets/ folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, temporaryDir } from './cli.js';
import { runInProcess } from './inProcess.js';

interface ChildYearJson {
  readonly childId: string;
  readonly discipline: string;
  readonly status: string;
  readonly requiredMinutes: number;
  readonly deliveredMinutes: number;
  readonly sessionsDelivered: number;
  readonly bookedMinutes: number;
}
interface ExceptionJson {
  readonly file: string;
  readonly line: number;
  readonly bucket: string;
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}
interface ResultJson {
  readonly childYears: ChildYearJson[];
  readonly accounting: {
    readonly plans: { rowsRead: number; buckets: Record<string, number> };
    readonly contacts: { rowsRead: number; buckets: Record<string, number> };
  };
  readonly exceptions: ExceptionJson[];
}

async function reconcileJson(args: readonly string[]): Promise<{ result: ResultJson; stderr: string }> {
  const run = await runInProcess(['reconcile', ...args, '--as-of', '2025-03-31', '--format', 'json']);
  expect(run.status, run.stderr).toBe(0);
  return { result: JSON.parse(run.stdout) as ResultJson, stderr: run.stderr };
}

/** Each child-year's figures, by child. */
function figures(
  result: ResultJson,
): Record<string, Pick<ChildYearJson, 'discipline' | 'status' | 'requiredMinutes' | 'deliveredMinutes' | 'sessionsDelivered'>> {
  return Object.fromEntries(
    result.childYears.map(({ childId, discipline, status, requiredMinutes, deliveredMinutes, sessionsDelivered }) => [
      childId,
      { discipline, status, requiredMinutes, deliveredMinutes, sessionsDelivered },
    ]),
  );
}

function rowsAddUp(result: ResultJson): void {
  for (const file of ['plans', 'contacts'] as const) {
    const { rowsRead, buckets } = result.accounting[file];
    expect(Object.values(buckets).reduce((total, count) => total + count, 0)).toBe(rowsRead);
  }
}

describe('the csds preset: NHS Community Services Data Set care contacts (CYP201)', () => {
  const plans = ['--plans', fixture('preset-csds', 'plans.csv')];
  // Year 2024/25 to 31 March 2025, the default calendar: Autumn 14 weeks and Spring 12 have passed.
  const expected = {
    // 1 x 45 min a week, 26 weeks: 1170. Contacts: SR5001/CC0001 45, SR5001/CC0002 resubmitted at 40
    // (the first sending, 45, is a duplicate), SR5002/CC0001 45 (CC0001 again, another referral),
    // SR5002/CC0004 45: 175 in 4 sessions. SR5002/CC0005 is booked after as-of.
    '9434765919': { discipline: 'OT', status: 'shortfall', requiredMinutes: 1170, deliveredMinutes: 175, sessionsDelivered: 4 },
    // 6 x 30 min a half-term, two terms: 24 sessions, 720. Attended 10 Sep and 4 Feb: 60.
    '4010232013': { discipline: 'SLT', status: 'shortfall', requiredMinutes: 720, deliveredMinutes: 60, sessionsDelivered: 2 },
    // 1 hour a fortnight from 1 November: half of Autumn (7 weeks) and Spring (12): 9.5 sessions, 570.
    // Attended 5 Nov and 4 Mar: 120; 15 Oct is before the line starts.
    '4857773457': { discipline: 'PT', status: 'shortfall', requiredMinutes: 570, deliveredMinutes: 120, sessionsDelivered: 2 },
  };

  it.each(['contacts-dictionary-names.csv', 'contacts-short-names.csv'])('reads %s with no mapping file', async (file) => {
    const { result } = await reconcileJson([...plans, '--contacts', fixture('preset-csds', file), '--preset', 'csds']);
    expect(figures(result)).toEqual(expected);
    expect(result.accounting.contacts).toEqual({
      rowsRead: 16,
      buckets: {
        duplicate: 1,
        'after-as-of': 1,
        'unknown-child': 1,
        'outside-plan-period': 1,
        dna: 1,
        'cancelled-family': 1,
        'cancelled-provider': 1,
        'late-not-seen': 1,
        counted: 8,
      },
    });
    rowsAddUp(result);
    expect(result.childYears.find((childYear) => childYear.childId === '9434765919')?.bookedMinutes).toBe(45);
    // The true resubmission: the same referral and care contact, the later row standing.
    expect(result.exceptions.filter((record) => record.bucket === 'duplicate')).toEqual([
      expect.objectContaining({
        file: 'contacts',
        line: 3,
        field: 'contact_id',
        value: 'SR5001/CC0002',
        reason: 'contact_id appears again on line 7; the later row stands',
      }),
    ]);
  });

  it("is laid under a user's mapping, which wins key by key: keyed by the care contact alone, referrals collide", async () => {
    const folder = temporaryDir();
    const mapping = join(folder, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ contacts: { columns: { contact_id: 'CARE CONTACT IDENTIFIER' } } }));
    const { result } = await reconcileJson([
      ...plans,
      '--contacts',
      fixture('preset-csds', 'contacts-dictionary-names.csv'),
      '--preset',
      'csds',
      '--mapping',
      mapping,
    ]);
    // CC0001 comes 5 times, CC0002 5, CC0003 3, CC0004 2: 11 rows stand down, across children and referrals.
    expect(result.accounting.contacts.buckets.duplicate).toBe(11);
    expect(figures(result)['9434765919']).toMatchObject({ status: 'no-contact', deliveredMinutes: 0 });
  });
});

describe('the systmone preset: SRAppointment, windows-1252, minutes from DateStart and DateEnd', () => {
  const args = ['--plans', fixture('preset-systmone', 'plans.csv'), '--contacts', fixture('preset-systmone', 'contacts.csv'), '--preset', 'systmone'];

  it('reads the appointments with no mapping file', async () => {
    const { result } = await reconcileJson(args);
    expect(figures(result)).toEqual({
      // 1 x 30 min a week, 26 weeks: 780. Finished 09:30-10:00 (30), 09:30-09:58:30 (28.5, halves up: 29), 09:30-10:05 (35): 94.
      '41205573': { discipline: 'OT', status: 'shortfall', requiredMinutes: 780, deliveredMinutes: 94, sessionsDelivered: 3 },
      // 6 x 45 min a term, two terms: 540. Finished 13:15-14:00 twice: 90.
      '41209918': { discipline: 'OT', status: 'shortfall', requiredMinutes: 540, deliveredMinutes: 90, sessionsDelivered: 2 },
    });
    expect(result.accounting.contacts).toEqual({
      rowsRead: 11,
      buckets: { 'invalid-row': 2, 'after-as-of': 1, dna: 1, 'cancelled-family': 1, 'cancelled-provider': 1, counted: 5 },
    });
    rowsAddUp(result);
    expect(result.exceptions.map(({ line, field, value, reason }) => ({ line, field, value, reason: reason.split(':')[0] }))).toEqual([
      { line: 7, field: 'end_time', value: '14 Oct 2024 09:00:00', reason: 'end_time is before start_time' },
      { line: 10, field: 'attendance', value: 'Arrived', reason: 'not an attendance' },
    ]);
  });

  it('decodes the file as windows-1252 and records the preset in the manifest', async () => {
    const out = temporaryDir();
    const run = await runInProcess(['reconcile', ...args, '--as-of', '2025-03-31', '--out', out, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.contacts.encoding).toBe('windows-1252');
    expect(manifest.inputs.plans.encoding).toBe('utf-8');
    expect(JSON.stringify(manifest)).toContain('"preset":{"name":"systmone"');
    // "Zoë Ashworth – Paediatric OT": the rota of the first child's contacts, as explain would show its team.
    expect(readFileSync(fixture('preset-systmone', 'contacts.csv')).includes(Buffer.from([0x5a, 0x6f, 0xeb]))).toBe(true);
  });

  it("takes a user's value over the preset's: an Arrived appointment counted as attended", async () => {
    const folder = temporaryDir();
    const mapping = join(folder, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ contacts: { values: { attendance: { Arrived: 'attended' } } } }));
    const { result } = await reconcileJson([...args, '--mapping', mapping]);
    expect(figures(result)['41209918']).toMatchObject({ deliveredMinutes: 135, sessionsDelivered: 3 });
    expect(result.accounting.contacts.buckets).toMatchObject({ 'invalid-row': 1, counted: 6 });
  });

  it('can be chosen in a config file', async () => {
    const folder = temporaryDir();
    const config = join(folder, 'monthly.json');
    writeFileSync(
      config,
      JSON.stringify({
        plans: fixture('preset-systmone', 'plans.csv'),
        contacts: fixture('preset-systmone', 'contacts.csv'),
        preset: 'systmone',
        asOf: '2025-03-31',
      }),
    );
    const run = await runInProcess(['reconcile', '--config', config, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    expect(figures(JSON.parse(run.stdout) as ResultJson)['41205573']?.deliveredMinutes).toBe(94);
    writeFileSync(config, JSON.stringify({ preset: 'rio' }));
    const refused = await runInProcess(['reconcile', '--config', config]);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('"preset"');
  });
});

describe('the emis preset: Excel serial dates and times, planned minutes, a DidNotAttend flag', () => {
  it('reads the appointments with no mapping file', async () => {
    const { result } = await reconcileJson([
      '--plans',
      fixture('preset-emis', 'plans.csv'),
      '--contacts',
      fixture('preset-emis', 'contacts.csv'),
      '--preset',
      'emis',
    ]);
    expect(figures(result)).toEqual({
      // 1 x 30 min a week: 780. Not DNA on 9 and 16 Sep, 14 Oct, 3 Feb (serials 45544, 45551, 45579, 45691): 4 x 30 planned.
      '4505577104': { discipline: 'OT', status: 'shortfall', requiredMinutes: 780, deliveredMinutes: 120, sessionsDelivered: 4 },
      // 1 hour a fortnight from 1 November: 570. Attended 12 Nov and 7 Jan: 2 x 60.
      '4019115648': { discipline: 'OT', status: 'shortfall', requiredMinutes: 570, deliveredMinutes: 120, sessionsDelivered: 2 },
    });
    expect(result.accounting.contacts).toEqual({ rowsRead: 9, buckets: { 'after-as-of': 1, dna: 2, counted: 6 } });
    rowsAddUp(result);
  });

  it('without a preset, the run stops on the missing column and names the preset that reads the file', async () => {
    const cases = [
      ['preset-emis', 'contacts.csv', 'no minutes column', 'an EMIS Web appointment extract: try --preset emis'],
      ['preset-systmone', 'contacts.csv', 'no child_id column', 'a SystmOne appointment extract (SRAppointment): try --preset systmone'],
      [
        'preset-csds',
        'contacts-short-names.csv',
        'more than one column that reads as child_id',
        'an NHS Community Services Data Set (CSDS) care contact extract: try --preset csds',
      ],
    ] as const;
    for (const [folder, file, problem, hint] of cases) {
      // Without its preset, the SystmOne file's encoding must be given too (its "Zoë" is not UTF-8).
      const encoding = folder === 'preset-systmone' ? ['--encoding', 'windows-1252'] : [];
      const run = await runInProcess([
        'validate',
        '--plans',
        fixture(folder, 'plans.csv'),
        '--contacts',
        fixture(folder, file),
        '--as-of',
        '2025-03-31',
        ...encoding,
      ]);
      expect(run.status).toBe(3);
      expect(run.stderr).toContain(problem);
      expect(run.stderr).toContain(`The headers look like ${hint}`);
    }
  });
});

describe('a title block above the header and totals rows below the records', () => {
  it('reconciles, naming both in its notes, with every row accounted for', async () => {
    const plans = fixture('title-block-totals', 'plans.csv');
    const contacts = fixture('title-block-totals', 'contacts.csv');
    const { result, stderr } = await reconcileJson(['--plans', plans, '--contacts', contacts]);
    expect(stderr).toContain(`skipped 5 lines above the header of ${plans}: a title block ("EHCP Provision Report"…); the header is line 6`);
    expect(stderr).toContain(`skipped 3 lines above the header of ${contacts}`);
    expect(stderr).toContain(`${plans} has 2 totals or footer rows (lines 9, 10): set aside as invalid-row exceptions, not read as children`);
    expect(stderr).toContain(`${contacts} has 2 totals or footer rows (lines 9, 10)`);
    expect(figures(result)).toEqual({
      // 1 x 45 min a week: 1170; attended 9 and 16 Sep. 6 x 30 min a half-term: 720; attended 10 Sep, a DNA on 17 Sep.
      C0001: { discipline: 'OT', status: 'shortfall', requiredMinutes: 1170, deliveredMinutes: 90, sessionsDelivered: 2 },
      C0002: { discipline: 'SLT', status: 'shortfall', requiredMinutes: 720, deliveredMinutes: 30, sessionsDelivered: 1 },
    });
    expect(result.accounting.plans).toEqual({ rowsRead: 4, buckets: { 'invalid-row': 2, reconciled: 2 } });
    expect(result.accounting.contacts).toEqual({ rowsRead: 6, buckets: { 'invalid-row': 2, dna: 1, counted: 3 } });
    rowsAddUp(result);
    // Line numbers are the file's, as an editor shows them; no totals row became a child.
    expect(result.exceptions.map(({ file, line, value }) => [file, line, value])).toEqual([
      ['plans', 9, 'Total'],
      ['plans', 10, 'Rows: 2'],
      ['contacts', 9, ''],
      ['contacts', 10, ''],
    ]);
    expect(result.exceptions.every((record) => /^a (totals|footer) row/.test(record.reason))).toBe(true);
  });
});

describe('inspect: one mapping file for both inputs', () => {
  it('finds the header below a title block, recognises a preset, and prints one mapping covering both files', async () => {
    const plans = fixture('title-block-totals', 'plans.csv');
    const contacts = fixture('preset-csds', 'contacts-dictionary-names.csv');
    const text = await runInProcess(['inspect', '--plans', plans, '--contacts', contacts]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('The header is line 6: the 5 lines above it are a title block');
    expect(text.stdout).toContain('This looks like an NHS Community Services Data Set (CSDS) care contact extract: use --preset csds.');
    expect(text.stdout).toContain('contact_id       ← "SERVICE REQUEST IDENTIFIER" + "CARE CONTACT IDENTIFIER"');
    const mapping = JSON.parse((await runInProcess(['inspect', '--plans', plans, '--contacts', contacts, '--format', 'json'])).stdout);
    expect(mapping.plans.columns).toMatchObject({
      child_id: 'Child Ref',
      session_minutes: 'Session Length',
      start_date: 'Start Date',
      establishment: 'School',
    });
    expect(mapping.contacts.columns).toMatchObject({
      contact_id: ['SERVICE REQUEST IDENTIFIER', 'CARE CONTACT IDENTIFIER'],
      child_id: 'NHS NUMBER',
      minutes: 'CLINICAL CONTACT DURATION OF CARE CONTACT',
    });
  });

  it.each([
    ['preset-csds', 'contacts-short-names.csv', 'csds'],
    ['preset-systmone', 'contacts.csv', 'systmone'],
    ['preset-emis', 'contacts.csv', 'emis'],
  ])('writes a mapping for %s/%s that reads it as --preset %s does, with no preset', async (folder, file, preset) => {
    const inputs = ['--plans', fixture(folder, 'plans.csv'), '--contacts', fixture(folder, file)];
    const inspected = await runInProcess(['inspect', ...inputs, '--format', 'json']);
    expect(inspected.status, inspected.stderr).toBe(0);
    const mapping = join(temporaryDir(), 'mapping.json');
    writeFileSync(mapping, inspected.stdout);
    const withPreset = await reconcileJson([...inputs, '--preset', preset]);
    const withMapping = await reconcileJson([...inputs, '--mapping', mapping]);
    expect(figures(withMapping.result)).toEqual(figures(withPreset.result));
    expect(withMapping.result.accounting).toEqual(withPreset.result.accounting);
  });

  it('keeps inspect FILE, and refuses two files of one kind', async () => {
    const single = await runInProcess(['inspect', fixture('preset-emis', 'contacts.csv')]);
    expect(single.stdout).toContain('This looks like an EMIS Web appointment extract: use --preset emis.');
    const twice = await runInProcess(['inspect', fixture('preset-emis', 'contacts.csv'), '--contacts', fixture('preset-systmone', 'contacts.csv')]);
    expect(twice.status).toBe(2);
    expect((await runInProcess(['inspect'])).status).toBe(2);
  });
});
