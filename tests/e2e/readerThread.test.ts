// The reader thread itself, from the build (its script is compiled JavaScript, loaded by path): that
// it really reads the file on a thread of its own, folds the very totals a one-thread read folds, hands
// back a file it cannot read in place, and fails as a one-thread read fails. The end-to-end tests in
// threads.test.ts hold the CLI's outputs to the same, but cannot tell which way a file was read.
// Run `npm run build` first.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Inputs from '../../src/cli/reading/inputs.js';
import type * as Fold from '../../src/cli/reading/contactFold.js';
import type * as Thread from '../../src/cli/reading/contactReaderThread.js';
import type * as Chunks from '../../src/io/fileChunks.js';
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
let chunks: typeof Chunks;
let settings: RunSettings;
let mapping: MappingModule.Mapping;
let book: PlanBook;

const example = fixture('example');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function temporaryFile(name: string, content: Buffer | string): string {
  const folder = temporaryDir();
  folders.push(folder);
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}
const io = { stdin: process.stdin, cwd: ROOT };

function requestFor(contacts: string, threads: 1 | 2): RunRequest {
  return {
    configFile: undefined, plans: join(example, 'plans.csv'), contacts, year: undefined, asOf: undefined, calendar: undefined, mapping: join(example, 'mapping.json'),
    discipline: undefined, tolerance: 0, countIndirect: false, encoding: undefined, delimiter: undefined, dateFormat: undefined,
    excelDates: false, strict: false, maxErrors: undefined, quiet: true, pseudonymise: false, threads,
  };
}

function foldFor(source: string): Fold.ContactFold {
  return new fold.ContactFold(book, settings, { source, mapping, values: { dateFormat: undefined, excelDates: false, mapping }, fileBytes: undefined });
}

const threadOptions = (source: string) => ({ source, encoding: undefined, delimiter: undefined, mapping, values: { dateFormat: undefined, excelDates: false, mapping } });

beforeAll(async () => {
  inputs = await built('cli/reading/inputs.js');
  fold = await built('cli/reading/contactFold.js');
  thread = await built('cli/reading/contactReaderThread.js');
  chunks = await built('io/fileChunks.js');
  const terms = await built<typeof Terms>('calendar/terms.js');
  const calendar = terms.DEFAULT_CALENDAR;
  mapping = await inputs.loadMapping(join(example, 'mapping.json'));
  const asOf = Date.UTC(2026, 2, 31) / 86_400_000;
  settings = { calendar, year: calendar.yearTerms(2025), asOf, discipline: null, tolerance: 0, countIndirect: false };
  book = (await inputs.readPlans(requestFor('', 1), mapping, settings, io)).book;
});

/** Reads `path` on the thread as a run does: through a descriptor opened here, closed after. */
async function readOnThread(path: string, fold: Fold.ContactFold, sizes?: Thread.BatchSizes): Promise<Thread.ThreadedRead | undefined> {
  const file = await chunks.openInputChunks(path, 'contacts');
  if (file.kind !== 'file') throw new Error(`${path} is not a plain file`);
  try {
    return await thread.readContactsOnThread(path, file, fold, threadOptions(path), sizes);
  } finally {
    file.close();
  }
}

async function expectSameTotalsAsOneThread(path: string, sizes?: Thread.BatchSizes): Promise<number> {
  const threaded = foldFor(path);
  const read = await readOnThread(path, threaded, sizes);
  expect(read).toBeDefined();
  const totals = threaded.finish();
  threaded.close();
  const oneThread = await inputs.readContacts(requestFor(path, 1), mapping, book, settings, io);
  expect(read!.read).toEqual(oneThread.read);
  expect(read!.fingerprint).toEqual(oneThread.fingerprint);
  expect(totals.accounting).toEqual(oneThread.totals.accounting);
  expect(totals.exceptions).toEqual(oneThread.totals.exceptions);
  expect(totals.deliveredMinutes).toEqual(oneThread.totals.deliveredMinutes);
  expect(totals.sessionsDelivered).toEqual(oneThread.totals.sessionsDelivered);
  expect(totals.bookedMinutes).toEqual(oneThread.totals.bookedMinutes);
  expect(totals.termDeliveredMinutes).toEqual(oneThread.totals.termDeliveredMinutes);
  return totals.accounting.rowsRead;
}

describe('the contacts reader thread', () => {
  it('is there in the build, so that --threads 2 uses it', () => {
    expect(thread.wantsReaderThread(2, 1)).toBe(true);
    expect(thread.wantsReaderThread(undefined, thread.READER_THREAD_MIN_BYTES)).toBe(availableParallelism() >= 2);
    expect(thread.wantsReaderThread(undefined, thread.READER_THREAD_MIN_BYTES - 1)).toBe(false);
    // Never for standard input (no size), or when one thread is asked for.
    expect(thread.wantsReaderThread(2, undefined)).toBe(false);
    expect(thread.wantsReaderThread(1, 1e9)).toBe(false);
  });

  it('reads the example on its own thread and folds what one thread folds', async () => {
    expect(await expectSameTotalsAsOneThread(join(example, 'contacts.csv'))).toBeGreaterThan(10_000);
  });

  it('folds the same with batches of 16 rows, two of them going round hundreds of times', async () => {
    expect(await expectSameTotalsAsOneThread(join(example, 'contacts.csv'), { rows: 16, batches: 2, textChars: 64 })).toBeGreaterThan(10_000);
  });

  it('sends rows left to the text reader (accented IDs, long notes) beside small batches, and folds them the same', async () => {
    const header = 'Appointment ID,Client Identifier,Appointment Date,Duration (h:mm),Service,Attend Status (CSDS),Contact Category,Provider Name,Clinician,Team Name,Notes';
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const child = i % 3 === 0 ? `Zoé${i % 50}` : `C00010${String(i % 90).padStart(2, '0')}`;
      const id = i % 7 === 0 ? `Ké${i % 400}` : `A${i % 2500}`;
      return `${id},${child},0${1 + (i % 9)}/10/2025,0:45,Occupational Therapy,5,Face to face,North Trust,OT1,OT North,"${'note, '.repeat(i % 40)}"`;
    });
    const path = temporaryFile('contacts.csv', [header, ...rows, ''].join('\r\n'));
    expect(await expectSameTotalsAsOneThread(path, { rows: 64, batches: 3, textChars: 500 })).toBe(3000);
  });

  it('when the fold fails, stops the thread and fails with the fold\'s error', async () => {
    const path = join(example, 'contacts.csv');
    const failing = foldFor(path);
    let rows = 0;
    const addBytesRow = failing.addBytesRow.bind(failing);
    failing.addBytesRow = (row, offset) => {
      if (++rows === 5000) throw new Error('the fold failed here');
      addBytesRow(row, offset);
    };
    const failure = await readOnThread(path, failing, { rows: 64, batches: 2, textChars: 1024 }).catch((error: unknown) => error);
    failing.close();
    expect((failure as Error).message).toBe('the fold failed here');
    expect(rows).toBe(5000);
  });

  it('hands back a file that is not UTF-8 as it stands, having folded nothing', async () => {
    const path = temporaryFile('contacts.csv', Buffer.from('\ufeffchild_id,date,minutes\r\nC1,03/09/2025,45\r\n', 'utf16le'));
    const threaded = foldFor(path);
    expect(await readOnThread(path, threaded)).toBeUndefined();
    expect(threaded.rowsFolded).toBe(0);
    threaded.close();
  });

  it('fails as a one-thread read fails: the same error, with the problem as data', async () => {
    const path = fixture('malformed-csv', 'contacts.csv');
    const threaded = foldFor(path);
    const failure = await readOnThread(path, threaded).catch((error: unknown) => error);
    threaded.close();
    const oneThread = await inputs.readContacts(requestFor(path, 1), mapping, book, settings, io).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('InputError');
    expect((failure as Error).message).toBe((oneThread as Error).message);
    expect((failure as { problem: unknown }).problem).toEqual((oneThread as { problem: unknown }).problem);
  });
});
