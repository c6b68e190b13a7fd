// Pseudonyms that hold (docs/operations.md#pseudonymisation): under --pseudonymise no child ID of either
// input reaches any byte the tool writes (output files, standard output, standard error), whatever
// cell it sits in. Random plans and contacts files carry child IDs of several shapes (letters, letters
// and digits, several words, an accent) in their child_id columns, and the same IDs planted in every
// other column of both files (as the whole cell, or a word among others), in the header row, and in a
// file with no header row at all. Each case runs every command that pseudonymises, in-process:
// reconcile in every --format with --out, validate in every --format with --out, explain (table and
// json, a child of the plans and one of neither file), and diff of two pseudonymised runs in every
// format; a file without a header row, or with a quote that never closes, stops the run (exit 3) with
// a message that must not quote it.
// inspect has no --pseudonymise: it shows a file's first row to the person who holds the file.
//   FUZZ_RUNS=200 npx vitest run tests/hardening/pseudonyms.test.ts
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDir } from '../e2e/cli.js';
import { runInProcess } from '../e2e/inProcess.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 12);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_331);
const TIMEOUT = Math.max(120_000, RUNS * 15_000);
const KEY_ENV = { EHCP_RECON_KEY: 'a council secret of thirty-two ch' };
const YEAR = ['--year', '2025/26', '--as-of', '2026-03-31'];

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Generators

/**
 * Letters that are not hex digits, upper case: no pseudonym (P, R or K and lower-case hex) and no
 * fixed word of an output can hold six of them in a row, so finding an ID in an output means it leaked.
 */
const LETTERS = [...'GHJKLMNQRSTUVWXYZ'];
const letters = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...LETTERS), minLength: min, maxLength: max });
const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });

/** Child IDs as exports write them. */
const childIdOfSomeShape = fc.oneof(
  { weight: 4, arbitrary: letters(6, 9) },
  { weight: 2, arbitrary: fc.tuple(letters(3, 4), digits(4), letters(2, 2)).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(letters(3, 3), digits(3), digits(4)).map((parts) => parts.join(' ')) },
  { weight: 1, arbitrary: fc.tuple(letters(4, 4), digits(3)).map((parts) => parts.join('-')) },
  { weight: 1, arbitrary: letters(5, 7).map((id) => `Ö${id}É`) },
);

/** Several distinct IDs, none inside another (so that finding one in an output is not finding a longer one). */
const childIdPool = fc
  .uniqueArray(childIdOfSomeShape, { minLength: 4, maxLength: 8 })
  .filter((ids) => ids.every((id) => ids.every((other) => other === id || !other.includes(id))));

/** How an ID sits in a cell that is not child_id: the whole cell, or a word among others. */
const plantedForm = fc.constantFrom(
  (id: string) => id,
  (id: string) => `see ${id} notes`,
  (id: string) => `${id}; moved`,
  (id: string) => `(${id})`,
  (id: string) => `x, ${id}`,
);

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
  'section',
];
const CONTACT_HEADER = ['contact_id', 'child_id', 'date', 'minutes', 'discipline', 'attendance', 'contact_type', 'for_year', 'provider', 'staff_id', 'team'];

const planCells = fc.record({
  provisionId: fc.constantFrom('P1', 'P2', 'P3', 'P4', ''),
  discipline: fc.constantFrom('OT', 'OT', 'SLT', 'PT'),
  start: fc.constantFrom('2025-09-01', '2025-10-06', '01/01/2026'),
  provider: fc.constantFrom('North Trust', 'bright therapy ltd'),
});
const contactCells = fc.record({
  contactId: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6', ''),
  date: fc.constantFrom('2025-09-10', '2025-11-03', '2026-01-20', '2026-03-02', '2025-06-30', '2026-05-01'),
  minutes: fc.constantFrom('30', '45', '60'),
  discipline: fc.constantFrom('OT', 'OT', 'SLT', 'PT'),
  attendance: fc.constantFrom('attended', 'attended', 'dna'),
});

interface Case {
  readonly ids: readonly string[];
  readonly plans: string[][];
  readonly contacts: string[][];
  /** An ID as an extra column's header in each file. */
  readonly headerId: string;
  readonly discipline: readonly string[];
}

const caseArbitrary = childIdPool.chain((ids) => {
  const id = fc.constantFrom(...ids);
  // Plans name all but the last ID: that one is a child only the contacts file knows.
  const planId = fc.constantFrom(...ids.slice(0, -1));
  /** A cell that is sometimes replaced by a planted ID. */
  const maybePlanted = (cell: string) =>
    fc.oneof({ weight: 5, arbitrary: fc.constant(cell) }, { weight: 1, arbitrary: fc.tuple(plantedForm, id).map(([form, planted]) => form(planted)) });
  const plant = (cells: string[]) => fc.tuple(...cells.map((cell, index) => (index === 0 ? fc.constant(cell) : maybePlanted(cell))));
  const planRow = fc
    .tuple(planId, planCells)
    .chain(([childId, cells]) =>
      plant([
        childId,
        cells.provisionId,
        cells.discipline,
        '1',
        '45',
        '',
        'week',
        '',
        cells.start,
        '',
        cells.provider,
        'East',
        'ICB',
        'commissioned',
        'mainstream',
        'F',
      ]),
    );
  // Contacts are generated with child_id first, then put in the header's order.
  const contactRow = fc
    .tuple(id, contactCells)
    .chain(([childId, cells]) =>
      plant([childId, cells.contactId, cells.date, cells.minutes, cells.discipline, cells.attendance, 'direct', '', 'North Trust', 'S1', 'Team A']),
    )
    .map((cells): string[] => {
      const [childId, contactId, ...rest] = cells as string[];
      return [contactId!, childId!, ...rest];
    });
  return fc.record({
    ids: fc.constant(ids),
    plans: fc.array(planRow, { minLength: 1, maxLength: 8 }),
    contacts: fc.array(contactRow, { minLength: 1, maxLength: 14 }),
    headerId: id,
    discipline: fc.constantFrom([], ['--discipline', 'OT']),
  });
});

// ---------------------------------------------------------------------------------------------
// Running and scanning

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((cells) => cells.map(csvCell).join(',')).join('\n')}\n`;
}

/** Everything a run wrote: standard output, standard error, and each file under its --out folders. */
interface Written {
  readonly what: string;
  readonly text: string;
}

function filesUnder(folder: string): Written[] {
  const written: Written[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) written.push(...filesUnder(path));
    else written.push({ what: path, text: readFileSync(path).toString('utf8') });
  }
  return written;
}

/** The child IDs of the inputs: every child_id cell, as the readers trim it. */
function childIdsOf(testCase: Case): string[] {
  return [...new Set([...testCase.plans.map((row) => row[0]!), ...testCase.contacts.map((row) => row[1]!)].map((id) => id.trim()))];
}

function expectNoChildId(written: readonly Written[], ids: readonly string[]): void {
  for (const { what, text } of written) {
    for (const id of ids) expect(text.includes(id), `${what} holds the child ID ${JSON.stringify(id)}:\n${text.slice(0, 3000)}`).toBe(false);
  }
}

async function runPseudonymised(argv: readonly string[], written: Written[], allowed: readonly number[] = [0, 4]): Promise<void> {
  const run = await runInProcess(argv, { env: KEY_ENV });
  const what = argv.join(' ');
  expect(allowed, `${what}: exit status (stderr: ${run.stderr})`).toContain(run.status);
  written.push({ what: `${what} (stdout)`, text: run.stdout }, { what: `${what} (stderr)`, text: run.stderr });
}

async function runEveryCommand(testCase: Case): Promise<Written[]> {
  const folder = temporaryDir('ehcp-recon-pseudonyms-');
  folders.push(folder);
  const plans = join(folder, 'plans.csv');
  const contacts = join(folder, 'contacts.csv');
  writeFileSync(plans, csvText([[...PLAN_HEADER, `${testCase.headerId}`], ...testCase.plans.map((row) => [...row, ''])]));
  writeFileSync(contacts, csvText([[...CONTACT_HEADER, `notes ${testCase.headerId}`], ...testCase.contacts.map((row) => [...row, ''])]));
  const inputs = ['--plans', plans, '--contacts', contacts, ...YEAR, ...testCase.discipline, '--pseudonymise'];
  const written: Written[] = [];
  const out = (name: string) => join(folder, name);

  for (const format of ['table', 'json', 'csv', 'md']) {
    await runPseudonymised(['reconcile', ...inputs, '--format', format, '--out', out(`reconcile-${format}`)], written);
    await runPseudonymised(['validate', ...inputs, '--format', format, '--out', out(`validate-${format}`)], written);
  }
  for (const format of ['table', 'json']) {
    await runPseudonymised(['explain', ...inputs, '--child', testCase.plans[0]![0]!, '--format', format], written);
  }
  // A child of neither file: the message names it by its pseudonym.
  await runPseudonymised(['explain', ...inputs, '--child', `${testCase.ids[0]}Q`, '--format', 'table'], written, [2]);

  // Two months, both pseudonymised with the same key, compared.
  const earlier = ['--plans', plans, '--contacts', contacts, '--year', '2025/26', '--as-of', '2025-12-31', ...testCase.discipline, '--pseudonymise'];
  await runPseudonymised(['reconcile', ...earlier, '--quiet', '--format', 'json', '--out', out('earlier')], written);
  for (const format of ['table', 'json', 'csv', 'md']) {
    await runPseudonymised(['diff', out('earlier'), out('reconcile-json'), '--force', '--format', format], written);
  }

  // Each file without its header row: its first row is data, and the run stops without quoting it.
  const headerless = join(folder, 'headerless');
  writeFileSync(`${headerless}-plans.csv`, csvText(testCase.plans));
  writeFileSync(`${headerless}-contacts.csv`, csvText(testCase.contacts));
  const withoutPlansHeader = ['--plans', `${headerless}-plans.csv`, '--contacts', contacts, ...YEAR, '--pseudonymise'];
  const withoutContactsHeader = ['--plans', plans, '--contacts', `${headerless}-contacts.csv`, ...YEAR, '--pseudonymise'];
  for (const inputsWithoutHeader of [withoutPlansHeader, withoutContactsHeader]) {
    await runPseudonymised(['reconcile', ...inputsWithoutHeader, '--out', out('never')], written, [3]);
    await runPseudonymised(['validate', ...inputsWithoutHeader, '--format', 'csv'], written, [3]);
    await runPseudonymised(['explain', ...inputsWithoutHeader, '--child', testCase.plans[0]![0]!], written, [3]);
  }
  // A quote that never closes, on a row holding a child's ID: the message names the line, not its text.
  const malformed = join(folder, 'malformed-contacts.csv');
  writeFileSync(malformed, `${readFileSync(contacts, 'utf8')}a9,"${testCase.ids[0]},2025-09-10,45\n`);
  await runPseudonymised(['reconcile', '--plans', plans, '--contacts', malformed, ...YEAR, '--pseudonymise'], written, [3]);

  // Every file the runs wrote (the inputs sit beside the output folders, not in them).
  for (const name of readdirSync(folder)) {
    if (statSync(join(folder, name)).isDirectory()) written.push(...filesUnder(join(folder, name)));
  }
  return written;
}

describe('pseudonyms that hold', () => {
  it(
    'no child ID of either input reaches any output, message or file, whatever cell it sits in',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary, async (testCase) => {
          const written = await runEveryCommand(testCase);
          expectNoChildId(written, childIdsOf(testCase));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  it('the same inputs without --pseudonymise do show the IDs: the planting reaches the outputs', async () => {
    const folder = temporaryDir('ehcp-recon-pseudonyms-');
    folders.push(folder);
    const plans = join(folder, 'plans.csv');
    const contacts = join(folder, 'contacts.csv');
    writeFileSync(
      plans,
      csvText([
        PLAN_HEADER,
        ['QWXZTY', 'RSTVWX', 'OT', '1', '45', '', 'week', '', '2025-09-01', '', 'North Trust (GHJKLM)', 'East', 'ICB', 'commissioned', 'mainstream', 'F'],
      ]),
    );
    writeFileSync(
      contacts,
      csvText([
        CONTACT_HEADER,
        ['a1', 'QWXZTY', 'GHJKLM', '45', 'OT', 'attended', 'direct', '', 'North Trust', 'S1', 'Team A'],
        ['a2', 'GHJKLM', '2025-09-10', '45', 'OT', 'attended', 'direct', '', 'x', 'S1', 'T'],
      ]),
    );
    const inputs = ['--plans', plans, '--contacts', contacts, ...YEAR];
    const plain = await runInProcess(['validate', ...inputs, '--format', 'csv']);
    // The contact dated with a child's ID, the unknown child GHJKLM and its row.
    expect(plain.stdout).toContain('contacts,2,invalid-row,date,GHJKLM,');
    const shared = await runInProcess(['validate', ...inputs, '--format', 'csv', '--pseudonymise'], { env: KEY_ENV });
    expect(shared.stdout).not.toContain('GHJKLM');
    expect(shared.stdout).not.toContain('QWXZTY');
    expect(shared.stdout).toMatch(/contacts,2,invalid-row,date,P[0-9a-f]{16},/);
    const reconciled = await runInProcess(['reconcile', ...inputs, '--format', 'md', '--pseudonymise'], { env: KEY_ENV });
    expect(reconciled.stdout).toMatch(/North Trust \(P[0-9a-f]{16}\)/);
  });

  it("a file without a header row: the message counts the first row's cells and quotes none of them", async () => {
    const folder = temporaryDir('ehcp-recon-pseudonyms-');
    folders.push(folder);
    const plans = join(folder, 'plans.csv');
    const contacts = join(folder, 'contacts.csv');
    writeFileSync(plans, 'QWXZTY,RSTVWX,OT,1,45,week,2025-09-01\n');
    writeFileSync(contacts, `${CONTACT_HEADER.join(',')}\n`);
    const inputs = ['--plans', plans, '--contacts', contacts, ...YEAR];
    const plain = await runInProcess(['reconcile', ...inputs]);
    expect(plain.status).toBe(3);
    expect(plain.stderr).toContain('"QWXZTY"');
    const shared = await runInProcess(['reconcile', ...inputs, '--pseudonymise'], { env: KEY_ENV });
    expect(shared.status).toBe(3);
    expect(shared.stderr).toContain('the first row has 7 cells, not quoted under --pseudonymise');
    expect(shared.stderr).not.toContain('QWXZTY');
  });

  it('inspect has no --pseudonymise: it refuses the option rather than seem to honour it', async () => {
    const run = await runInProcess(['inspect', 'fixtures/example/plans.csv', '--pseudonymise'], { env: KEY_ENV });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--pseudonymise'/);
  });
});
