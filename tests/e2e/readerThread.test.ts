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
import type * as Fold from '../../src/reconcile/contactFold.js';
import type * as ContactReading from '../../src/engine/contactReading.js';
import type * as Thread from '../../src/engine/contactReaderThread.js';
import type * as MappingFile from '../../src/engine/mappingFile.js';
import type * as PlanReading from '../../src/engine/planReading.js';
import type * as Terms from '../../src/calendar/terms.js';
import type * as TableSource from '../../src/io/tableSource.js';
import type * as MappingModule from '../../src/schema/mapping.js';
import type { RunSettings } from '../../src/reconcile/settings.js';
import type { PlanBook } from '../../src/reconcile/planBook.js';
import { ROOT, fixture, temporaryDir } from './cli.js';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

let contactReading: typeof ContactReading;
let tables: typeof TableSource;
let fold: typeof Fold;
let thread: typeof Thread;
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
const values = () => ({ dateFormat: undefined, excelDates: false, mapping });

/** A contacts table that can read rows again, and a fold reading them through it. */
async function foldFor(path: string): Promise<{ table: TableSource.CsvTableSource; fold: Fold.ContactFold }> {
  const table = await tables.openCsvSource(path, 'contacts', { recallable: true });
  const made = new fold.ContactFold(book, settings, {
    source: path,
    mapping,
    values: values(),
    fileBytes: undefined,
    byteCells: true,
    recall: (row) => table.recall(row),
  });
  return { table, fold: made };
}

/** The contacts read on one thread, as a run reads them. */
async function readOnOneThread(path: string) {
  const table = await tables.openCsvSource(path, 'contacts', { recallable: true });
  try {
    return await contactReading.readContacts(table, values(), book, settings, { threads: 1 });
  } finally {
    table.close();
  }
}

const threadOptions = () => ({ values: values() });

beforeAll(async () => {
  contactReading = await built('engine/contactReading.js');
  tables = await built('io/tableSource.js');
  fold = await built('reconcile/contactFold.js');
  thread = await built('engine/contactReaderThread.js');
  const terms = await built<typeof Terms>('calendar/terms.js');
  const calendar = terms.DEFAULT_CALENDAR;
  mapping = (await (await built<typeof MappingFile>('engine/mappingFile.js')).loadMapping(join(example, 'mapping.json'))).mapping;
  const asOf = Date.UTC(2026, 2, 31) / 86_400_000;
  settings = { calendar, year: calendar.yearTerms(2025), asOf, discipline: null, tolerance: 0, countIndirect: false };
  const plans = await tables.openCsvSource(join(example, 'plans.csv'), 'plans');
  book = (await (await built<typeof PlanReading>('engine/planReading.js')).readPlans(plans, values(), settings)).book;
});

async function expectSameTotalsAsOneThread(path: string, sizes?: Thread.BatchSizes): Promise<number> {
  const threaded = await foldFor(path);
  const read = await thread.startContactReader(threaded.table, threadOptions(), sizes).fold(threaded.fold);
  expect(read).toBeDefined();
  const totals = threaded.fold.finish();
  threaded.table.close();
  const oneThread = await readOnOneThread(path);
  expect(read).toEqual(oneThread.read);
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
    const header =
      'Appointment ID,Client Identifier,Appointment Date,Duration (h:mm),Service,Attend Status (CSDS),Contact Category,Provider Name,Clinician,Team Name,Notes';
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const child = i % 3 === 0 ? `Zoé${i % 50}` : `C00010${String(i % 90).padStart(2, '0')}`;
      const id = i % 7 === 0 ? `Ké${i % 400}` : `A${i % 2500}`;
      return `${id},${child},0${1 + (i % 9)}/10/2025,0:45,Occupational Therapy,5,Face to face,North Trust,OT1,OT North,"${'note, '.repeat(i % 40)}"`;
    });
    const path = temporaryFile('contacts.csv', [header, ...rows, ''].join('\r\n'));
    expect(await expectSameTotalsAsOneThread(path, { rows: 64, batches: 3, textChars: 500 })).toBe(3000);
  });

  it("when the fold fails, stops the thread and fails with the fold's error", async () => {
    const path = join(example, 'contacts.csv');
    const failing = await foldFor(path);
    let rows = 0;
    const addBytesRow = failing.fold.addBytesRow.bind(failing.fold);
    failing.fold.addBytesRow = (row, offset) => {
      if (++rows === 5000) throw new Error('the fold failed here');
      addBytesRow(row, offset);
    };
    const failure = await thread
      .startContactReader(failing.table, threadOptions(), { rows: 64, batches: 2, textChars: 1024 })
      .fold(failing.fold)
      .catch((error: unknown) => error);
    failing.table.close();
    expect((failure as Error).message).toBe('the fold failed here');
    expect(rows).toBe(5000);
  });

  it('hands back a file that is not UTF-8 as it stands, having folded nothing', async () => {
    const path = temporaryFile('contacts.csv', Buffer.from('\ufeffchild_id,date,minutes\r\nC1,03/09/2025,45\r\n', 'utf16le'));
    const threaded = await foldFor(path);
    expect(await thread.startContactReader(threaded.table, threadOptions()).fold(threaded.fold)).toBeUndefined();
    expect(threaded.fold.rowsFolded).toBe(0);
    threaded.table.close();
  });

  it('fails as a one-thread read fails: the same error, with the problem as data', async () => {
    const path = fixture('malformed-csv', 'contacts.csv');
    const threaded = await foldFor(path);
    const failure = await thread
      .startContactReader(threaded.table, threadOptions())
      .fold(threaded.fold)
      .catch((error: unknown) => error);
    threaded.table.close();
    const oneThread = await readOnOneThread(path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('InputError');
    expect((failure as Error).message).toBe((oneThread as Error).message);
    expect((failure as { problem: unknown }).problem).toEqual((oneThread as { problem: unknown }).problem);
  });
});
