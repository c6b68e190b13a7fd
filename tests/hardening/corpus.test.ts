// The hostile-input corpus: fixtures/bad/<case>/ holds a broken input and expected.json, the outcome a
// council analyst should get from it (exit status, the words of the message, the buckets, the
// exceptions). Inputs too big to commit are GENERATED below into a temporary folder and described in
// the same table. Every case also meets the invariants of harness.ts, whatever it expects.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  realBinary,
  type ResultJson,
  type Runner,
} from './harness.js';

interface ExpectedException {
  readonly file?: 'plans' | 'contacts';
  readonly line: number;
  readonly bucket?: string;
  readonly field?: string;
  readonly value?: string;
  readonly reasonIncludes?: string;
}

interface Expected {
  readonly description: string;
  /** Paths relative to the case folder; "../_good/…" for the shared good file. */
  readonly plans: string;
  readonly contacts: string;
  readonly args?: readonly string[];
  /** A mapping file in the case folder, passed as --mapping. */
  readonly mapping?: string;
  /** A term calendar in the case folder, passed as --calendar. */
  readonly calendar?: string;
  /** The expectation is right and the tool is not yet: the case runs as a known failure until fixed. */
  readonly knownBug?: string;
  readonly exit: 0 | 2 | 3;
  readonly stderrIncludes?: readonly string[];
  readonly stderrExcludes?: readonly string[];
  /** Exact buckets of each file named (an empty object: no rows). */
  readonly buckets?: { readonly plans?: Record<string, number>; readonly contacts?: Record<string, number> };
  readonly exceptions?: readonly ExpectedException[];
  /** Child-years that must be there, with these values (matched by childId and discipline). */
  readonly childYears?: readonly Record<string, unknown>[];
  /** Text each file under --out must contain. */
  readonly outFiles?: Readonly<Record<string, { readonly includes: readonly string[] }>>;
  readonly markdownExcludes?: readonly string[];
  /** Run in a copy of the case folder with --out pointing at it (the case is about replacing an input). */
  readonly outIsCaseFolder?: boolean;
}

const BAD = fixture('bad');
const GOOD_PLANS = join(BAD, '_good', 'plans.csv');
const GOOD_CONTACTS = join(BAD, '_good', 'contacts.csv');
const GOOD_CONTACT_ROWS = readFileSync(GOOD_CONTACTS, 'utf8').trimEnd().split('\n');
const GOOD_BUCKETS = { plans: { reconciled: 4 }, contacts: { counted: 4, dna: 1 } };

interface GeneratedCase {
  readonly name: string;
  /** Writes the inputs into `dir` and says what to expect of them. */
  readonly build: (dir: string) => Expected;
}

const MB = 1 << 20;

/** Cases whose inputs are too large to commit: written at run time, described here as in expected.json. */
const GENERATED: readonly GeneratedCase[] = [
  {
    name: 'field-20mb',
    build(dir) {
      const header = GOOD_CONTACT_ROWS[0]!;
      writeFileSync(join(dir, 'contacts.csv'), `${header}\n${GOOD_CONTACT_ROWS[1]}\nK9,${'x'.repeat(20 * MB)},2024-09-09,45,OT,attended,direct\n`);
      return {
        description: 'a 20 MB unquoted field: stopped at 1 MB with a clear error, not read into memory whole',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 3,
        stderrIncludes: ['line 3', 'longer than 1 MB'],
      };
    },
  },
  {
    name: 'field-20mb-unterminated-quote',
    build(dir) {
      const header = GOOD_CONTACT_ROWS[0]!;
      const rows = `${GOOD_CONTACT_ROWS[2]}\n`.repeat(Math.ceil((20 * MB) / GOOD_CONTACT_ROWS[2]!.length));
      writeFileSync(join(dir, 'contacts.csv'), `${header}\n${GOOD_CONTACT_ROWS[1]}\nK9,"G1,2024-09-09,45\n${rows}`);
      return {
        description: 'a quote opened on line 3 and never closed, followed by 20 MB of rows: the runaway field is named, with its likely cause',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 3,
        stderrIncludes: ['line 3', 'closing quote missing'],
      };
    },
  },
  {
    name: 'utf8-invalid-byte-late',
    build(dir) {
      // 3,000 good rows (about 100 KB), past the first 64 KiB judged as the file is opened, then a stray "£".
      const good = GOOD_CONTACT_ROWS[1]!;
      const rows = Array.from({ length: 3_000 }, () => good);
      const late = Buffer.from('K9,G1,2024-09-09,45,OT,attended,direct,\u00a35 fee\n', 'latin1');
      writeFileSync(join(dir, 'contacts.csv'), Buffer.concat([Buffer.from(`${GOOD_CONTACT_ROWS[0]},note\n${rows.join('\n')}\n`, 'utf8'), late]));
      return {
        description: 'a UTF-8 file with one stray windows-1252 byte (0xA3, "£") on line 3,002, far past the start: stopped there, as one near the start is',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 3,
        stderrIncludes: ['line 3002 is not valid UTF-8', '--encoding windows-1252'],
      };
    },
  },
  {
    name: 'columns-5000',
    build(dir) {
      const extra = Array.from({ length: 5_000 }, (_, i) => `extra ${i}`);
      const rows = GOOD_CONTACT_ROWS.slice(1).map((row, r) => `${row},${extra.map((_, i) => `${r}.${i}`).join(',')}`);
      writeFileSync(join(dir, 'contacts.csv'), [`${GOOD_CONTACT_ROWS[0]},${extra.join(',')}`, ...rows].join('\n'));
      return {
        description: '5,000 columns beyond the known ones: ignored, the rows read',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 0,
        buckets: GOOD_BUCKETS,
      };
    },
  },
  {
    name: 'fields-10001',
    build(dir) {
      writeFileSync(join(dir, 'contacts.csv'), `${GOOD_CONTACT_ROWS.slice(0, 3).join('\n')}\n${GOOD_CONTACT_ROWS[3]}${',x'.repeat(9_994)}\n`);
      return {
        description: 'a record of 10,001 fields (a file with no line breaks, or the wrong delimiter): a clear error naming the line',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 3,
        stderrIncludes: ['line 4', 'more than 10,000 fields'],
      };
    },
  },
  {
    name: 'child-id-10000-chars',
    build(dir) {
      const id = 'C'.repeat(10_000);
      const contacts = [`K6,${id},2024-09-09,45,OT,attended,direct`, `${'K'.repeat(5_000)},G1,2024-09-09,45,OT,attended,direct`];
      writeFileSync(join(dir, 'contacts.csv'), `${GOOD_CONTACT_ROWS.join('\n')}\n${contacts.join('\n')}\n`);
      const plans = [
        `${id},P9,OT,1,45,week,,2024-09-01,,North Trust,East,LA,commissioned,mainstream`,
        `G1,${'P'.repeat(5_000)},OT,1,45,week,,2024-09-01,,North Trust,East,LA,commissioned,mainstream`,
      ];
      writeFileSync(join(dir, 'plans.csv'), `${readFileSync(GOOD_PLANS, 'utf8')}${plans.join('\n')}\n`);
      return {
        description:
          'a 10,000-character child ID in both files, and 5,000-character contact and provision IDs: an exception each (no identifier is that long), shown cut short',
        plans: 'plans.csv',
        contacts: 'contacts.csv',
        exit: 0,
        buckets: { plans: { 'invalid-row': 2, reconciled: 4 }, contacts: { 'invalid-row': 2, counted: 4, dna: 1 } },
        exceptions: [
          { file: 'plans', line: 6, field: 'child_id', value: `${'C'.repeat(60)}… (10,000 characters)`, reasonIncludes: '10,000 characters long' },
          { file: 'plans', line: 7, field: 'provision_id', value: `${'P'.repeat(60)}… (5,000 characters)` },
          { file: 'contacts', line: 7, field: 'child_id', reasonIncludes: '10,000 characters long' },
          { file: 'contacts', line: 8, field: 'contact_id', reasonIncludes: 'contact_id is 5,000 characters long' },
        ],
      };
    },
  },
  {
    name: 'provision-text-runaway',
    build(dir) {
      // "1 hour " repeated once took 26 s to read: the provision reader's patterns are not linear.
      const text = `${'1 hour '.repeat(100_000)}per week`;
      writeFileSync(join(dir, 'plans.csv'), `${readFileSync(GOOD_PLANS, 'utf8')}G7,P7,OT,,,,${text},2024-09-01,,North Trust,East,LA,commissioned,mainstream\n`);
      return {
        description: 'a 700 KB provision text: an exception at once, not minutes of pattern matching',
        plans: 'plans.csv',
        contacts: GOOD_CONTACTS,
        exit: 0,
        buckets: { plans: { 'invalid-row': 1, reconciled: 4 }, contacts: { counted: 4, dna: 1 } },
        exceptions: [{ file: 'plans', line: 6, field: 'provision', reasonIncludes: 'characters long, more than one provision line' }],
      };
    },
  },
  {
    name: 'value-cells-runaway',
    build(dir) {
      // "1", 300,000 spaces, "x": each once took over a minute to refuse (the date-fns path of
      // --date-format and the frequency reader's term-time pattern are not linear in a run of spaces).
      const runaway = `1${' '.repeat(300_000)}x`;
      writeFileSync(
        join(dir, 'plans.csv'),
        `${readFileSync(GOOD_PLANS, 'utf8')}G8,P8,OT,1,45,${runaway},,2024-09-01,,North Trust,East,LA,commissioned,mainstream\n`,
      );
      const contactRows = [
        `K6,G1,${runaway},45,OT,attended,direct`,
        `K7,G1,2024-10-01,${runaway},OT,attended,direct`,
        `K8,G1,2024-10-01,45,OT,${runaway},direct`,
      ];
      writeFileSync(join(dir, 'contacts.csv'), `${GOOD_CONTACT_ROWS.join('\n')}\n${contactRows.join('\n')}\n`);
      return {
        description: '300 KB cells of spaces in a date (with --date-format), a duration, an attendance and a frequency: refused at once as too long',
        plans: 'plans.csv',
        contacts: 'contacts.csv',
        args: ['--date-format', 'yyyy-MM-dd'],
        exit: 0,
        buckets: { plans: { 'invalid-row': 1, reconciled: 4 }, contacts: { 'invalid-row': 3, counted: 4, dna: 1 } },
        exceptions: [
          { file: 'plans', line: 6, field: 'frequency', reasonIncludes: 'far longer than any frequency' },
          { line: 7, field: 'date', reasonIncludes: 'far longer than any date' },
          { line: 8, field: 'minutes', reasonIncludes: 'far longer than any duration' },
          { line: 9, field: 'attendance', reasonIncludes: 'far longer than any attendance' },
        ],
      };
    },
  },
  {
    name: 'record-over-16mb',
    build(dir) {
      // 17 fields of 1,000,000 bytes: each under the 1 MB field limit, the record over 16 MB.
      const fields = Array.from({ length: 17 }, (_, i) => String.fromCharCode(97 + i).repeat(1_000_000));
      writeFileSync(join(dir, 'contacts.csv'), `${GOOD_CONTACT_ROWS.slice(0, 3).join('\n')}\n${fields.join(',')}\n${GOOD_CONTACT_ROWS[3]}\n`);
      return {
        description: 'a record of 17 MB on line 4, every field under the 1 MB limit (a file with no line ends): stopped there, not read on for minutes',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 3,
        stderrIncludes: ['line 4', 'a record of more than 16 MB', 'is the file a CSV export?'],
      };
    },
  },
  {
    name: 'record-15mb',
    build(dir) {
      // A real row with 15 MB of extra columns after it: under the record limit, so read, the extra ignored.
      const extra = Array.from({ length: 15 }, (_, i) => String.fromCharCode(97 + i).repeat(1_000_000));
      writeFileSync(join(dir, 'contacts.csv'), `${GOOD_CONTACT_ROWS.join('\n')}\nK6,G1,2024-09-23,45,OT,attended,direct,${extra.join(',')}\n`);
      return {
        description: 'a 15 MB record (a row, then 15 extra columns of 1 MB): under the 16 MB limit, read, its extra columns ignored',
        plans: GOOD_PLANS,
        contacts: 'contacts.csv',
        exit: 0,
        buckets: { plans: { reconciled: 4 }, contacts: { counted: 5, dna: 1 } },
      };
    },
  },
  {
    name: 'input-is-folder',
    build(dir) {
      mkdirSync(join(dir, 'plans.csv'));
      return { description: 'the plans path is a folder', plans: 'plans.csv', contacts: GOOD_CONTACTS, exit: 3, stderrIncludes: ['is a folder'] };
    },
  },
];

function committedCases(): { name: string; dir: string; expected: Expected }[] {
  return readdirSync(BAD, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => {
      const dir = join(BAD, entry.name);
      return { name: entry.name, dir, expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected };
    });
}

async function checkCase(name: string, dir: string, expected: Expected, run: Runner): Promise<void> {
  let caseDir = dir;
  let out = temporaryDir('ehcp-bad-out-');
  if (expected.outIsCaseFolder === true) {
    rmSync(out, { recursive: true, force: true });
    caseDir = temporaryDir('ehcp-bad-case-');
    cpSync(dir, caseDir, { recursive: true });
    out = caseDir;
  }
  try {
    await checkRun(name, dir, caseDir, out, expected, run);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function checkRun(name: string, dir: string, caseDir: string, out: string, expected: Expected, run: Runner): Promise<void> {
  // The shared good files stay where they are; the case's own files are read from wherever it runs.
  const pathOf = (input: string) => resolve(input.startsWith('../') ? dir : caseDir, input);
  const plans = pathOf(expected.plans);
  const contacts = pathOf(expected.contacts);
  const before = expected.outIsCaseFolder === true ? readdirSync(caseDir).map((file) => [file, readFileSync(join(caseDir, file), 'utf8')]) : [];

  const args = [
    ...(expected.mapping === undefined ? [] : ['--mapping', pathOf(expected.mapping)]),
    ...(expected.calendar === undefined ? [] : ['--calendar', pathOf(expected.calendar)]),
    ...(expected.args ?? []),
  ];
  const result = await run(outputArgs(plans, contacts, ['--format', 'json', '--out', out, ...args]));
  const what = `${name} (${expected.description})`;
  expect(result.status, `${what}: exit status; stderr: ${result.stderr.slice(0, 500)}`).toBe(expected.exit);
  for (const words of expected.stderrIncludes ?? []) expect(result.stderr, what).toContain(words);
  for (const words of expected.stderrExcludes ?? []) expect(result.stderr, what).not.toContain(words);

  if (expected.exit !== 0) {
    expectCleanFailure(result, what);
    // Nothing written: a failed run leaves no outputs (and, for the output-path case, the inputs untouched).
    if (expected.outIsCaseFolder === true) {
      expect(readdirSync(caseDir).map((file) => [file, readFileSync(join(caseDir, file), 'utf8')])).toEqual(before);
    } else {
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
    return;
  }

  const json = JSON.parse(result.stdout) as ResultJson;
  expectAccountedFor(json, what);
  expectChildYearsAddUp(json, what);
  for (const file of ['plans', 'contacts'] as const) {
    const buckets = expected.buckets?.[file];
    if (buckets !== undefined) expect(json.accounting[file].buckets, `${what}: ${file} buckets`).toEqual(buckets);
  }
  for (const exception of expected.exceptions ?? []) {
    const { reasonIncludes, ...fields } = exception;
    expect(json.exceptions, what).toContainEqual(
      expect.objectContaining({
        file: 'contacts',
        bucket: 'invalid-row',
        ...fields,
        ...(reasonIncludes === undefined ? {} : { reason: expect.stringContaining(reasonIncludes) }),
      }),
    );
  }
  for (const childYear of expected.childYears ?? []) {
    const found = json.childYears.find((row) => row.childId === childYear.childId && row.discipline === childYear.discipline);
    expect(found, `${what}: child-year ${String(childYear.childId)}`).toMatchObject(childYear);
  }

  const files = expectExcelSafeFolder(out, what);
  expect(files.get('exceptions.csv')?.length, `${what}: exceptions.csv has every exception`).toBe(json.exceptions.length + 1);
  expect(files.get('reconciliation.csv')?.length, `${what}: reconciliation.csv has every child-year`).toBe(json.childYears.length + 1);
  for (const [file, { includes }] of Object.entries(expected.outFiles ?? {})) {
    const text = readFileSync(join(out, file), 'utf8');
    for (const words of includes) expect(text, `${what}: ${file}`).toContain(words);
  }

  // validate lists the same exceptions, and its CSV is as safe to open as reconcile's.
  const validate = await run(['validate', ...outputArgs(plans, contacts, ['--format', 'csv', ...args]).slice(1)]);
  expect(validate.status, what).toBe(0);
  const validateRows = readCsvRecords(validate.stdout);
  expect(validateRows.length, `${what}: validate lists every exception`).toBe(json.exceptions.length + 1);
  for (const cell of validateRows.flat()) expect(excelSafeCell(cell), `${what}: validate CSV cell`).toBe(cell);

  const markdown = await run(outputArgs(plans, contacts, ['--format', 'md', ...args]));
  expect(markdown.status, what).toBe(0);
  expectInertMarkdown(markdown.stdout, what);
  for (const words of expected.markdownExcludes ?? []) expect(markdown.stdout, what).not.toContain(words);
}

const committed = committedCases();

describe('the hostile-input corpus (fixtures/bad), in-process', () => {
  it('has at least 40 cases, each described', () => {
    expect(committed.length + GENERATED.length).toBeGreaterThanOrEqual(40);
    for (const { name, expected } of committed) {
      expect(expected.description, name).toMatch(/\w/);
      for (const input of [expected.plans, expected.contacts]) expect(typeof input, name).toBe('string');
    }
  });

  for (const { name, dir, expected } of committed) {
    // A known bug outside the files this suite may fix: it.fails passes while the bug lasts and fails
    // once it is fixed, the signal to drop "knownBug" from the case's expected.json.
    if (expected.knownBug !== undefined) it.fails(`${name} (known bug: ${expected.knownBug})`, () => checkCase(name, dir, expected, inProcess));
    else it(name, () => checkCase(name, dir, expected, inProcess));
  }

  describe('generated inputs', () => {
    for (const { name, build } of GENERATED) {
      it(name, async () => {
        const dir = temporaryDir(`ehcp-bad-${name}-`);
        try {
          const started = performance.now();
          await checkCase(name, dir, build(dir), inProcess);
          // A limit must answer quickly, not after a hang.
          expect(performance.now() - started, `${name} took too long`).toBeLessThan(15_000);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});

describe('the corpus through the built binary', () => {
  const throughBinary = ['empty-file', 'binary-renamed', 'windows-1252-flagged', 'formula-cells', 'output-replaces-input', 'quote-unterminated'];
  for (const name of throughBinary) {
    const found = committed.find((entry) => entry.name === name);
    it(name, () => checkCase(name, found!.dir, found!.expected, realBinary));
  }

  it('field-20mb', async () => {
    const dir = temporaryDir('ehcp-bad-bin-');
    const generated = GENERATED.find((entry) => entry.name === 'field-20mb')!;
    try {
      await checkCase('field-20mb', dir, generated.build(dir), realBinary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
