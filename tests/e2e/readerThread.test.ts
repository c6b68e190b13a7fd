// The reader thread itself, from the build (its script is compiled JavaScript, loaded by path): that
// it really reads the file on a thread of its own, folds the very totals a one-thread read folds, hands
// back a file it cannot read in place, and fails as a one-thread read fails. The end-to-end tests in
// threads.test.ts hold the CLI's outputs to the same, but cannot tell which way a file was read.
// Run `npm run build` first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Inputs from '../../src/cli/inputs.js';
import type * as Fold from '../../src/cli/contactFold.js';
import type * as Thread from '../../src/cli/contactReaderThread.js';
import type * as Terms from '../../src/calendar/terms.js';
import type * as MappingModule from '../../src/schema/mapping.js';
import type { RunRequest } from '../../src/cli/runOptions.js';
import type { RunSettings } from '../../src/reconcile/settings.js';
import type { PlanBook } from '../../src/reconcile/planBook.js';
import { ROOT, fixture, temporaryDir } from './cli.js';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

let inputs: typeof Inputs;
let fold: typeof Fold;
let thread: typeof Thread;
let settings: RunSettings;
let mapping: MappingModule.Mapping;
let book: PlanBook;

const example = fixture('example');
const io = { stdin: process.stdin, cwd: ROOT };

function requestFor(contacts: string, threads: 1 | 2): RunRequest {
  return {
    plans: join(example, 'plans.csv'), contacts, year: undefined, asOf: undefined, calendar: undefined, mapping: join(example, 'mapping.json'),
    discipline: undefined, tolerance: 0, countIndirect: false, encoding: undefined, delimiter: undefined, dateFormat: undefined,
    excelDates: false, strict: false, maxErrors: undefined, quiet: true, pseudonymise: false, threads,
  };
}

function foldFor(source: string): Fold.ContactFold {
  return new fold.ContactFold(book, settings, { source, mapping, values: { dateFormat: undefined, excelDates: false, mapping }, fileBytes: undefined });
}

const threadOptions = (source: string) => ({ source, encoding: undefined, delimiter: undefined, mapping, values: { dateFormat: undefined, excelDates: false, mapping } });

beforeAll(async () => {
  inputs = await built('cli/inputs.js');
  fold = await built('cli/contactFold.js');
  thread = await built('cli/contactReaderThread.js');
  const terms = await built<typeof Terms>('calendar/terms.js');
  const calendar = terms.DEFAULT_CALENDAR;
  mapping = await inputs.loadMapping(join(example, 'mapping.json'));
  const asOf = Date.UTC(2026, 2, 31) / 86_400_000;
  settings = { calendar, year: calendar.yearTerms(2025), asOf, discipline: null, tolerance: 0, countIndirect: false };
  book = (await inputs.readPlans(requestFor('', 1), mapping, settings, io)).book;
});

describe('the contacts reader thread', () => {
  it('reads the example on its own thread and folds what one thread folds', async () => {
    const path = join(example, 'contacts.csv');
    const threaded = foldFor(path);
    const read = await thread.readContactsOnThread(path, threaded, threadOptions(path));
    expect(read).toBeDefined();
    const totals = threaded.finish();
    threaded.close();
    const oneThread = await inputs.readContacts(requestFor(path, 1), mapping, book, settings, io);
    expect(read!.read).toEqual(oneThread.read);
    expect(read!.fingerprint).toEqual(oneThread.fingerprint);
    expect(totals.accounting).toEqual(oneThread.totals.accounting);
    expect(totals.accounting.rowsRead).toBeGreaterThan(10_000);
    expect(totals.exceptions).toEqual(oneThread.totals.exceptions);
    expect(totals.deliveredMinutes).toEqual(oneThread.totals.deliveredMinutes);
    expect(totals.bookedMinutes).toEqual(oneThread.totals.bookedMinutes);
    expect(totals.termDeliveredMinutes).toEqual(oneThread.totals.termDeliveredMinutes);
  });

  it('hands back a file that is not UTF-8 as it stands, having folded nothing', async () => {
    const path = join(temporaryDir(), 'contacts.csv');
    writeFileSync(path, Buffer.from('\ufeffchild_id,date,minutes\r\nC1,03/09/2025,45\r\n', 'utf16le'));
    const threaded = foldFor(path);
    expect(await thread.readContactsOnThread(path, threaded, threadOptions(path))).toBeUndefined();
    expect(threaded.rowsFolded).toBe(0);
    threaded.close();
  });

  it('fails as a one-thread read fails: the same error, with the problem as data', async () => {
    const path = fixture('malformed-csv', 'contacts.csv');
    const threaded = foldFor(path);
    const failure = await thread.readContactsOnThread(path, threaded, threadOptions(path)).catch((error: unknown) => error);
    threaded.close();
    const oneThread = await inputs.readContacts(requestFor(path, 1), mapping, book, settings, io).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('InputError');
    expect((failure as Error).message).toBe((oneThread as Error).message);
    expect((failure as { problem: unknown }).problem).toEqual((oneThread as { problem: unknown }).problem);
  });
});
