// Property tests of the whole CLI (in-process), over inputs no one would write by hand:
// 1. arbitrary bytes or CSV-ish text as either input never exit 1 (reconcile, validate, explain,
//    inspect): only 0, or 3 with one sentence;
// 2. arbitrary values in well-formed CSV always read (exit 0), and every row lands in one bucket;
// 3. every CSV output reads back to the values of the JSON result, defused as the CSV outputs promise, and
//    the Markdown holds no raw HTML;
// 4. reordering the contact rows changes no child-year (the duplicates here repeat a row whole, so
//    which of them stands changes nothing either);
// 5. white space around any cell changes nothing: both readers trim alike.
// A fixed seed and a modest run count keep `npm test` fast; `npm run fuzz` runs many more:
//   FUZZ_RUNS=2000 FUZZ_SEED=7 npx vitest run tests/hardening
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { excelSafeCell } from '../../src/io/csvWriter.js';
import { fixture, temporaryDir } from '../e2e/cli.js';
import {
  expectAccountedFor,
  expectChildYearsAddUp,
  expectCleanFailure,
  expectExcelSafeFolder,
  expectInertMarkdown,
  inProcess,
  outputArgs,
  readCsvRecords,
  type ChildYearJson,
  type ResultJson,
} from './harness.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 50);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_250_831);
const settings = (runs: number) => ({ numRuns: runs, seed: SEED });
/** A whole property's budget: fast-check's default 5 s per property would cut a long fuzz short. */
const TIMEOUT = Math.max(60_000, RUNS * 2_000);

const GOOD_PLANS = fixture('bad', '_good', 'plans.csv');
const GOOD_CONTACTS = fixture('bad', '_good', 'contacts.csv');

// ---------------------------------------------------------------------------------------------
// Generators

/** Mostly children the plans know, so that contacts reach the later buckets; a few that differ only in case or lead with "=". */
const CHILDREN = ['G1', 'G1', 'G2', 'G2', 'G3', 'Zoë', 'X9', 'g1', '=G1'];

/** Strings from hostile exports: formulas, markup, numbers out of range, separators, odd Unicode. */
const HOSTILE = [
  '',
  ' ',
  '-',
  '∞',
  '1e309',
  '45,5',
  'NaN',
  'Infinity',
  '0x2D',
  '=1+1',
  '+SUM(A1)',
  '@cmd',
  '-2+3',
  "=cmd|' /C calc'!A0",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&amp;',
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\t=1',
  'Zoë',
  '£',
  '😀',
  '\u00a0',
  '\uFEFF',
  '\u001b[31mred\u001b[0m',
  '\u0007',
  '\u200b',
  'Total',
  'Grand total:',
  '#',
  '9'.repeat(40),
  '9'.repeat(400),
  '0'.repeat(30),
  '31/02/2025',
  '29/02/2023',
  '2025-13-01',
  '12/25/2024',
  '1/9/24',
  '45569',
  '1900-01-01',
  '2100-12-31',
  'as required',
  'sep=;',
  '\\',
  '|',
  '*',
  '_',
  '[x](javascript:alert(1))',
  '`rm -rf`',
  'C'.repeat(300),
];

const hostile = fc.constantFrom(...HOSTILE);
const anyText = fc.string({ unit: 'binary', maxLength: 24 });
/** Text for a field that must read: a plausible value most of the time, else something hostile or arbitrary. */
const fieldOf = (plausible: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 24, arbitrary: plausible }, { weight: 1, arbitrary: hostile }, { weight: 1, arbitrary: anyText });
/** Numbers as exports get them wrong: overflowing, underflowing, signed, in exponent form. */
const numberish = fc.oneof(
  fc.constantFrom('9'.repeat(400), '99999999999', '1e309', '0.0000001', '-1', '0', '.5', '5.', '1,000', '١٢'),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.double({ noNaN: true }).map(String),
);
/** A numeric field: plausible, else hostile text or a number out of every range. */
const numberOf = (plausible: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 16, arbitrary: plausible }, { weight: 1, arbitrary: hostile }, { weight: 3, arbitrary: numberish });
/** Free text carried into the outputs (provider, team…): any text reads, so hostile text is as likely as not. */
const freeText = (plausible: fc.Arbitrary<string>) => fc.oneof(plausible, hostile, anyText);

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A day of 2024/25 most of the time (so that rows reach the ledger), sometimes any day of 2023–2026 or none. */
const day = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 364 }).map((offset) => new Date(Date.UTC(2024, 8, 1 + offset))) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * 365 }).map((offset) => new Date(Date.UTC(2023, 0, 1 + offset))) },
);
const dateText = fc
  .oneof(
    {
      weight: 12,
      arbitrary: fc
        .record({ date: day, style: fc.nat(4) })
        .map(({ date, style }) => ({ day: date.getUTCDate(), month: date.getUTCMonth() + 1, year: date.getUTCFullYear(), style })),
    },
    // Days that do not exist (31 April) and days read the US way round.
    {
      weight: 1,
      arbitrary: fc.record({ day: fc.integer({ min: 1, max: 31 }), month: fc.integer({ min: 1, max: 12 }), year: fc.constant(2025), style: fc.nat(4) }),
    },
  )
  .map(
    ({ day, month, year, style }) =>
      [
        `${year}-${pad2(month)}-${pad2(day)}`,
        `${pad2(day)}/${pad2(month)}/${year}`,
        `${day}/${month}/${year}`,
        `${pad2(day)}-${MONTHS[month - 1]}-${year}`,
        `${year}-${pad2(month)}-${pad2(day)}T09:30:00`,
      ][style]!,
  );
const minutesText = fc
  .record({
    minutes: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 5, max: 120 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 700 }) }),
    style: fc.nat(3),
  })
  .map(({ minutes, style }) => [String(minutes), `${Math.floor(minutes / 60)}:${pad2(minutes % 60)}`, `${minutes} mins`, `${minutes}.0`][style]!);

const contactRow = fc.tuple(
  fieldOf(fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7', '')),
  fieldOf(fc.constantFrom(...CHILDREN)),
  fieldOf(dateText),
  numberOf(minutesText),
  fieldOf(fc.constantFrom('OT', 'OT', 'OT', 'SLT', 'PT', 'Occupational Therapy', 'Physio', '')),
  fieldOf(fc.constantFrom('attended', 'attended', 'attended', 'dna', 'Did Not Attend', '5', '3', '2', '4', '7', '0', 'booked', 'cancelled-provider', '')),
  fieldOf(fc.constantFrom('direct', 'indirect', '')),
  fieldOf(fc.constantFrom('', '', '', '', '', '2024/25', '2023/24', '2025/26')),
  freeText(fc.constantFrom('North Trust', 'Bright Therapy', '')),
);
const CONTACT_HEADER = ['contact_id', 'child_id', 'date', 'minutes', 'discipline', 'attendance', 'contact_type', 'for_year', 'provider'];

const planRow = fc
  .tuple(
    fieldOf(fc.constantFrom(...CHILDREN)),
    fieldOf(fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5', '')),
    fieldOf(fc.constantFrom('OT', 'OT', 'SLT', 'PT', 'SALT', '')),
    // sessions, session_minutes, hours, frequency, provision: one of the three forms, mostly.
    fc
      .oneof(
        fc.tuple(
          numberOf(fc.constantFrom('1', '2', '6', '0.5', '10')),
          numberOf(fc.constantFrom('30', '45', '60', '600')),
          fc.constant(''),
          fieldOf(fc.constantFrom('week', 'fortnight', 'month', 'half-term', 'term', 'year', 'weekly')),
          fc.constant(''),
        ),
        fc.tuple(
          fc.constant(''),
          fc.constant(''),
          numberOf(fc.constantFrom('1.5', '3', '0.25')),
          fieldOf(fc.constantFrom('week', 'term', 'per half term')),
          fc.constant(''),
        ),
        fc.tuple(
          fc.constant(''),
          fc.constant(''),
          fc.constant(''),
          fc.constant(''),
          fc.oneof(
            fieldOf(
              fc.constantFrom('6 x 45 minute sessions per half term', '1 hour weekly', 'access to OT as required', '45 mins per fortnight', '3 hours per term'),
            ),
            numberish.map((n) => `${n} x 45 minute sessions per week`),
            numberish.map((n) => `1 x ${n} minute session per term`),
          ),
        ),
        // No quantity at all, or a stray value where one is missing.
        fc.tuple(fieldOf(fc.constant('')), fieldOf(fc.constant('')), fieldOf(fc.constant('')), fieldOf(fc.constant('')), fieldOf(fc.constant(''))),
      )
      .chain((quantity) => fc.constant(quantity)),
    fieldOf(fc.oneof(dateText, fc.constant('2024-09-01'))),
    fieldOf(fc.oneof({ weight: 1, arbitrary: dateText }, { weight: 3, arbitrary: fc.constant('') })),
    freeText(fc.constantFrom('North Trust', 'Bright Therapy', '')),
    freeText(fc.constantFrom('East', 'West', '')),
    freeText(fc.constantFrom('LA', 'ICB', 'joint', '')),
    fieldOf(fc.constantFrom('commissioned', 'commissioned', 'personal-budget', 'private', '')),
    freeText(fc.constantFrom('mainstream', 'special school', '')),
  )
  .map(([childId, provisionId, discipline, quantity, ...rest]) => [childId, provisionId, discipline, ...quantity, ...rest]);
const PLAN_HEADER = [
  'child_id',
  'provision_id',
  'discipline',
  'sessions',
  'session_minutes',
  'hours',
  'frequency',
  'provision',
  'start_date',
  'end_date',
  'provider',
  'locality',
  'commissioner',
  'funding',
  'establishment',
];

const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

/** RFC 4180 writing: a cell is quoted when it holds a quote, a comma or a line break. */
function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function csvText(header: readonly string[], rows: readonly (readonly string[])[], end: string): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join(end) + end;
}

/** A NUL makes a file "not text" (exit 3, rightly): well-formed inputs leave it out. */
const withoutNul = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((cell) => cell.replaceAll('\0', '')));

const HEADER_WORDS = [
  ...CONTACT_HEADER,
  ...PLAN_HEADER,
  'Client ID',
  'UPN',
  'NHS Number',
  'Duration',
  'Appointment Date',
  'Outcome',
  'Notes',
  '',
  'child_id',
  'sep=;',
];
/** Text shaped like CSV (real header words, delimiters, quotes, line ends) but put together at random. */
const csvishText = fc
  .tuple(
    fc.array(fc.constantFrom(...HEADER_WORDS), { minLength: 1, maxLength: 10 }),
    fc.constantFrom(',', ';', '\t'),
    fc.array(fc.array(fc.oneof(hostile, anyText, dateText, minutesText, fc.constantFrom(...CHILDREN)), { maxLength: 12 }), { maxLength: 12 }),
    fc.array(fc.constantFrom('"', '\n', '\r', ',', ';', '\uFEFF', '\0', '\uFFFD'), { maxLength: 3 }),
    lineEnd,
  )
  .map(([header, delimiter, rows, noise, end]) => {
    const text = [header, ...rows].map((cells) => cells.join(delimiter)).join(end);
    // Noise lands at random-looking but reproducible places: after the header, and at the end.
    const cut = text.indexOf(end) < 0 ? text.length : text.indexOf(end);
    return text.slice(0, cut) + noise.join('') + text.slice(cut) + noise.join('');
  });

/** Damage to splice into a good file: mostly the characters that carry CSV structure, sometimes any byte. */
const splice = fc.oneof(
  fc
    .array(fc.constantFrom('"', ',', ';', '\n', '\r', '\t', ' ', 'x', '0', '-', '=', '\uFEFF', '\u00e9'), { minLength: 1, maxLength: 6 })
    .map((chars) => Buffer.from(chars.join(''), 'utf8')),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
);

const ENCODED_AS = ['utf-8', 'utf-8 with BOM', 'utf-16le with BOM', 'windows-1252'] as const;
function encode(text: string, as: (typeof ENCODED_AS)[number]): Buffer {
  switch (as) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8 with BOM':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf-16le with BOM':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'windows-1252':
      return Buffer.from(text, 'latin1');
  }
}

const validOptions = fc.subarray([
  ['--encoding', 'windows-1252'],
  ['--encoding', 'utf-16le'],
  ['--excel-dates'],
  ['--count-indirect'],
  ['--date-format', 'dd/MM/yyyy'],
  ['--discipline', 'SLT'],
  ['--tolerance', '30'],
] as const);

function flat(options: readonly (readonly string[])[]): string[] {
  // One --encoding at most: commander keeps the last, which is fine, but one keeps failures readable.
  const seen = new Set<string>();
  return options.filter(([name]) => !seen.has(name!) && seen.add(name!)).flat();
}

/** Plans for the metamorphic properties: lines that read, for the children the tidy contacts name. */
const tidyPlans = fc.array(
  fc.tuple(
    fc.constantFrom('G1', 'G2', 'G3', 'Zoë'),
    fc.constantFrom('OT', 'OT', 'SLT'),
    fc.constantFrom('1', '2'),
    fc.constantFrom('30', '45'),
    fc.constantFrom('week', 'term'),
    fc.oneof({ weight: 2, arbitrary: fc.constant('2024-09-01') }, { weight: 1, arbitrary: dateText }),
    fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: dateText }),
  ),
  { minLength: 4, maxLength: 8 },
);
/** A contact that reads and names a child of tidyPlans: most reach the later buckets. */
const tidyContact = fc.tuple(
  fc.constantFrom('K1', 'K2', 'K3', ''),
  fc.constantFrom('G1', 'G2', 'G3', 'Zoë'),
  dateText,
  minutesText,
  fc.constantFrom('OT', 'OT', 'SLT'),
  fc.constantFrom('attended', 'attended', 'attended', 'dna', 'booked', '4', '7'),
  fc.constantFrom('direct', 'direct', 'indirect'),
  fc.constantFrom('', '', '', '2024/25'),
  fc.constant('North Trust'),
);
const TIDY_PLAN_HEADER = ['child_id', 'discipline', 'sessions', 'session_minutes', 'frequency', 'start_date', 'end_date'];

// ---------------------------------------------------------------------------------------------
// Checks

function checkCsvReadsBack(result: ResultJson, out: string, stdoutCsv: string | undefined): void {
  const files = expectExcelSafeFolder(out, 'fuzz');
  const text = (value: unknown) => (value === null || value === undefined ? '' : excelSafeCell(String(value)));

  const exceptions = files.get('exceptions.csv')!;
  expect(exceptions[0]).toEqual(['file', 'line', 'bucket', 'field', 'value', 'reason', 'child_id']);
  expect(exceptions.slice(1)).toEqual(
    result.exceptions.map((e) => [e.file, String(e.line), e.bucket, text(e.field), text(e.value), text(e.reason), text(e.childId)]),
  );

  const reconciliation = files.get('reconciliation.csv')!;
  const header = reconciliation[0]!;
  const column = (name: string) => header.indexOf(name);
  expect(reconciliation).toHaveLength(result.childYears.length + 1);
  result.childYears.forEach((childYear: ChildYearJson, i) => {
    const row = reconciliation[i + 1]!;
    for (const [name, key] of [
      ['child_id', 'childId'],
      ['discipline', 'discipline'],
      ['status', 'status'],
      ['provider', 'provider'],
      ['locality', 'locality'],
      ['commissioner', 'commissioner'],
      ['establishment', 'establishment'],
      ['plan_end', 'planEnd'],
    ] as const) {
      expect(row[column(name)], `${name} of child-year ${i}`).toBe(text(childYear[key]));
    }
    for (const [name, key] of [
      ['required_minutes', 'requiredMinutes'],
      ['delivered_minutes', 'deliveredMinutes'],
      ['shortfall_minutes', 'shortfallMinutes'],
      ['sessions_owed', 'sessionsOwed'],
      ['booked_minutes', 'bookedMinutes'],
    ] as const) {
      expect(Number(row[column(name)]), `${name} of child-year ${i}`).toBe(childYear[key]);
    }
  });

  // shortfall.csv is reconciliation.csv cut to the children short of their hours, row for row.
  const statusColumn = column('status');
  expect(files.get('shortfall.csv')).toEqual([
    header,
    ...reconciliation.slice(1).filter((row) => row[statusColumn] === 'shortfall' || row[statusColumn] === 'no-contact'),
  ]);

  const worklist = files.get('worklist.csv')!;
  expect(worklist).toHaveLength(result.worklist.length + 1);
  const worklistColumn = (name: string) => worklist[0]!.indexOf(name);
  result.worklist.forEach((row, i) => {
    const cells = worklist[i + 1]!;
    for (const [name, key] of [
      ['child_id', 'childId'],
      ['discipline', 'discipline'],
      ['status', 'status'],
      ['provider', 'provider'],
      ['locality', 'locality'],
      ['plan_end', 'planEnd'],
      ['deadline', 'deadline'],
      ['route', 'route'],
    ] as const) {
      expect(cells[worklistColumn(name)], `worklist ${name} of row ${i}`).toBe(text(row[key]));
    }
    for (const [name, key] of [
      ['rank', 'rank'],
      ['sessions_owed', 'sessionsOwed'],
      ['session_minutes', 'sessionMinutes'],
    ] as const) {
      expect(Number(cells[worklistColumn(name)]), `worklist ${name} of row ${i}`).toBe(row[key]);
    }
    // Hours are minutes / 60 to two decimals.
    for (const [name, key] of [
      ['required_hours', 'requiredMinutes'],
      ['delivered_hours', 'deliveredMinutes'],
      ['shortfall_hours', 'shortfallMinutes'],
    ] as const) {
      expect(Math.abs(Number(cells[worklistColumn(name)]) - (row[key] as number) / 60), `worklist ${name} of row ${i}`).toBeLessThanOrEqual(0.005);
    }
  });

  // --format csv on standard output is reconciliation.csv without the BOM.
  if (stdoutCsv !== undefined) expect(readCsvRecords(stdoutCsv)).toEqual(reconciliation);
}

// ---------------------------------------------------------------------------------------------
// Properties

describe('properties of the whole CLI', () => {
  const dir = temporaryDir('ehcp-fuzz-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const plansPath = join(dir, 'plans.csv');
  const contactsPath = join(dir, 'contacts.csv');

  it(
    'arbitrary bytes or CSV-ish text as either input: exit 0 (every row in one bucket) or 3 (one sentence), never 1',
    async () => {
      const input = fc.oneof(
        fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
        fc.tuple(csvishText, fc.constantFrom(...ENCODED_AS)).map(([text, as]) => encode(text, as)),
        fc
          .tuple(fc.constantFrom(readFileSync(GOOD_CONTACTS, 'utf8'), readFileSync(GOOD_PLANS, 'utf8')), fc.nat(), splice)
          // A good file with a few bytes spliced in somewhere: the likeliest real damage.
          .map(([text, at, bytes]) => {
            const good = Buffer.from(text, 'utf8');
            const cut = at % (good.length + 1);
            return Buffer.concat([good.subarray(0, cut), bytes, good.subarray(cut)]);
          }),
      );
      await fc.assert(
        fc.asyncProperty(
          input,
          fc.boolean(),
          validOptions,
          fc.constantFrom('reconcile', 'reconcile', 'validate', 'explain', 'inspect'),
          async (bytes, isPlans, options, command) => {
            const path = isPlans ? plansPath : contactsPath;
            writeFileSync(path, bytes);
            const plans = isPlans ? plansPath : GOOD_PLANS;
            const contacts = isPlans ? GOOD_CONTACTS : contactsPath;
            const argv =
              command === 'inspect'
                ? ['inspect', path, ...flat(options.filter(([name]) => name === '--encoding'))]
                : [
                    command,
                    ...outputArgs(plans, contacts, ['--format', 'json', ...flat(options)]).slice(1),
                    ...(command === 'explain' ? ['--child', 'G1'] : []),
                  ];
            const run = await inProcess(argv);
            if (run.status !== 0) {
              expectCleanFailure(run, `${command} exit ${run.status}`);
              expect(run.status).toBe(3);
              return;
            }
            if (command === 'reconcile') expectAccountedFor(JSON.parse(run.stdout) as ResultJson, 'fuzz');
            else if (command === 'validate') expectAccountedFor({ ...(JSON.parse(run.stdout) as ResultJson), childYears: [], worklist: [] }, 'fuzz');
          },
        ),
        settings(RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    'arbitrary values in well-formed CSV: always read, rows read = records written = the sum of the buckets, outputs read back',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(planRow, { maxLength: 12 }),
          fc.array(contactRow, { maxLength: 25 }),
          lineEnd,
          fc.constantFrom(...ENCODED_AS.slice(0, 3)),
          async (planRows, contactRows, end, as) => {
            const plans = withoutNul(planRows);
            const contacts = withoutNul(contactRows);
            writeFileSync(plansPath, encode(csvText(PLAN_HEADER, plans, end), as));
            writeFileSync(contactsPath, encode(csvText(CONTACT_HEADER, contacts, end), as));
            const out = join(dir, 'out');
            rmSync(out, { recursive: true, force: true });
            const run = await inProcess(outputArgs(plansPath, contactsPath, ['--format', 'json', '--out', out]));
            expect(run.status, run.stderr).toBe(0);
            const result = JSON.parse(run.stdout) as ResultJson;
            expectAccountedFor(result, 'fuzz');
            expectChildYearsAddUp(result, 'fuzz');
            expect(result.accounting.plans.rowsRead).toBe(plans.length);
            expect(result.accounting.contacts.rowsRead).toBe(contacts.length);
            const csv = await inProcess(outputArgs(plansPath, contactsPath, ['--format', 'csv', '--quiet']));
            expect(csv.status).toBe(0);
            checkCsvReadsBack(result, out, csv.stdout);
            const markdown = await inProcess(outputArgs(plansPath, contactsPath, ['--format', 'md', '--quiet']));
            expect(markdown.status).toBe(0);
            expectInertMarkdown(markdown.stdout, 'fuzz');
          },
        ),
        settings(RUNS),
      );
    },
    TIMEOUT,
  );

  it(
    'reordering the contact rows changes no child-year, worklist or bucket count',
    async () => {
      // Contacts mostly readable, so that most of them reach the ledger; every contact_id is unique or
      // repeats an identical row (a re-sent extract), so that which copy stands cannot matter.
      const contactsArb = fc
        .array(fc.oneof({ weight: 4, arbitrary: tidyContact }, { weight: 1, arbitrary: contactRow }), { maxLength: 30 })
        .chain((rows) => fc.tuple(fc.constant(withoutNul(rows)), fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.nat(), { minLength: 30, maxLength: 30 })))
        .map(([rows, repeats, sortKeys]) => {
          const ided = rows.map((row, i) => [row[0] === '' ? '' : `${row[0]}-${i}`, ...row.slice(1)]);
          const all = [...ided, ...(ided.length === 0 ? [] : repeats.map((r) => ided[r % ided.length]!))];
          const shuffled = all
            .map((row, i) => ({ row, key: sortKeys[i % sortKeys.length]! * 1000 + i }))
            .sort((a, b) => a.key - b.key)
            .map(({ row }) => row);
          return { original: all, shuffled };
        });
      await fc.assert(
        fc.asyncProperty(tidyPlans, contactsArb, async (planLines, { original, shuffled }) => {
          writeFileSync(plansPath, csvText(TIDY_PLAN_HEADER, planLines, '\n'));
          const resultOf = async (rows: readonly (readonly string[])[]) => {
            writeFileSync(contactsPath, csvText(CONTACT_HEADER, rows, '\n'));
            const run = await inProcess(outputArgs(plansPath, contactsPath, ['--format', 'json']));
            expect(run.status, run.stderr).toBe(0);
            const result = JSON.parse(run.stdout) as ResultJson;
            expectChildYearsAddUp(result, 'reordered');
            return result;
          };
          const before = await resultOf(original);
          const after = await resultOf(shuffled);
          expect(after.childYears).toEqual(before.childYears);
          expect(after.worklist).toEqual(before.worklist);
          expect(after.accounting).toEqual(before.accounting);
        }),
        settings(Math.max(10, Math.round(RUNS / 2))),
      );
    },
    TIMEOUT,
  );

  it(
    'white space around any cell (spaces, tabs, no-break and ideographic spaces, as Excel pastes) changes nothing',
    async () => {
      const padding = fc.array(fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\u2009', '\u202f'), { maxLength: 2 }).map((chars) => chars.join(''));
      const padded = (rows: readonly (readonly string[])[]) =>
        fc.array(fc.tuple(padding, padding), { minLength: rows.flat().length, maxLength: rows.flat().length }).map((pads) => {
          let i = 0;
          return rows.map((row) =>
            row.map((cell) => {
              const [before, after] = pads[i++]!;
              return `${before}${cell}${after}`;
            }),
          );
        });
      const input = fc
        .tuple(tidyPlans, fc.array(tidyContact, { maxLength: 25 }))
        .chain(([plans, contacts]) => fc.tuple(fc.constant(plans), fc.constant(contacts), padded(plans), padded(contacts)));
      await fc.assert(
        fc.asyncProperty(input, async ([plans, contacts, paddedPlans, paddedContacts]) => {
          const resultOf = async (planRows: readonly (readonly string[])[], contactRows: readonly (readonly string[])[]) => {
            writeFileSync(plansPath, csvText(TIDY_PLAN_HEADER, planRows, '\n'));
            writeFileSync(contactsPath, csvText(CONTACT_HEADER, contactRows, '\n'));
            const run = await inProcess(outputArgs(plansPath, contactsPath, ['--format', 'json']));
            expect(run.status, run.stderr).toBe(0);
            return JSON.parse(run.stdout) as ResultJson;
          };
          const plain = await resultOf(plans, contacts);
          const spaced = await resultOf(paddedPlans, paddedContacts);
          expect(spaced.accounting).toEqual(plain.accounting);
          expect(spaced.childYears).toEqual(plain.childYears);
          expect(spaced.exceptions).toEqual(plain.exceptions);
        }),
        settings(Math.max(10, Math.round(RUNS / 2))),
      );
    },
    TIMEOUT,
  );
});
