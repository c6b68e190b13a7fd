// An input rewritten while a run reads it must never give a report on part of it. Truncated,
// overwritten in place or appended to during the read, the contacts file stops the run (exit 3, one
// sentence, no outputs); a new file moved over it leaves the run reading the old one through its open
// descriptor, whole, and the outputs are a clean run's: the duplicate rule's recall never reads the new
// file, so the two cannot be spliced.
//
// "During the read" is made exact two ways. In-process (the built modules, so that the reader thread is
// there), the file is changed from the progress callback, at a known byte, on one thread and on two.
// Through the binary, the run is frozen (SIGSTOP) once /proc shows it part-way through the contacts
// file, changed, and let go: its read count when frozen proves the change came mid-read.
// Run `npm run build` first.
import { appendFileSync, copyFileSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as ContactReading from '../../src/engine/contactReading.js';
import type * as PlanReading from '../../src/engine/planReading.js';
import type * as Terms from '../../src/calendar/terms.js';
import type * as TableSource from '../../src/io/tableSource.js';
import type { PlanBook } from '../../src/reconcile/planBook.js';
import type { RunSettings } from '../../src/reconcile/settings.js';
import type { Mapping } from '../../src/schema/mapping.js';
import { ROOT, runCli, temporaryDir } from './cli.js';
import { bytesReadBy, HAS_PROC, hasOpen, killLeftoverRuns, spawnCli, waitFor } from './processWatch.js';

const CHANGED = 'ehcp-recon: the contacts file changed while it was read: run again when the export is complete\n';
const MODES = ['truncate', 'overwrite', 'append', 'replace'] as const;
type Change = (typeof MODES)[number];

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;

let folder = '';
let plans = '';
let original = '';
let originalBytes = 0;
let copies = 0;

beforeAll(() => {
  folder = temporaryDir('ehcp-recon-changes-');
  // About 72,000 contact rows (8 MB): many 1 MiB chunks, and far more rows than the reader thread's
  // four batches of 8,192 hold, so that the thread cannot have read it all when the first batch is folded.
  const made = runCli(['generate', '--children', '2000', '--seed', '11', '--as-of', '2026-03-31', '--out', join(folder, 'data'), '--quiet']);
  expect(made.status).toBe(0);
  plans = join(folder, 'data', 'plans.csv');
  original = join(folder, 'data', 'contacts.csv');
  originalBytes = readFileSync(original).length;
  expect(originalBytes).toBeGreaterThan(6_000_000);
});
afterEach(killLeftoverRuns);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A copy of the contacts as they stood an hour ago: any write now moves the modification time. */
function contactsCopy(): string {
  const path = join(folder, `contacts-${copies++}.csv`);
  copyFileSync(original, path);
  const anHourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(path, anHourAgo, anHourAgo);
  return path;
}

/** Other contacts of the same length: every OT contact made PT, which would show in every output if read. */
function otherContacts(): Buffer {
  return Buffer.from(readFileSync(original, 'latin1').replaceAll(',OT,', ',PT,'), 'latin1');
}

function change(path: string, how: Change): void {
  switch (how) {
    case 'truncate':
      truncateSync(path, 0);
      return;
    case 'overwrite':
      // In place, as an export written over the old one: the same length, so only the time tells.
      writeFileSync(path, otherContacts());
      return;
    case 'append':
      appendFileSync(path, `${readFileSync(original, 'latin1').split('\n').slice(1, 200).join('\n')}\n`);
      return;
    case 'replace':
      writeFileSync(`${path}.new`, otherContacts());
      renameSync(`${path}.new`, path);
      return;
    default: {
      const unknown: never = how;
      throw new Error(`no such change: ${String(unknown)}`);
    }
  }
}

describe('in-process: the contacts file changed at a known byte of the read', () => {
  let contactReading: typeof ContactReading;
  let tables: typeof TableSource;
  const mapping: Mapping = {};
  let settings: RunSettings;
  let book: PlanBook;
  let clean: ContactReading.ContactsRead;
  const values = { dateFormat: undefined, excelDates: false, mapping };

  /** The contacts read as a run reads them, through a table source opened on `path`. */
  async function readContacts(path: string, threads: 1 | 2, onProgress?: (bytes: number) => void): Promise<ContactReading.ContactsRead> {
    const table = await tables.openCsvSource(path, 'contacts', { recallable: true });
    try {
      return await contactReading.readContacts(table, values, book, settings, { threads, onProgress });
    } finally {
      table.close();
    }
  }

  beforeAll(async () => {
    contactReading = await built('engine/contactReading.js');
    tables = await built('io/tableSource.js');
    const terms = await built<typeof Terms>('calendar/terms.js');
    const calendar = terms.DEFAULT_CALENDAR;
    settings = { calendar, year: calendar.yearTerms(2025), asOf: Date.UTC(2026, 2, 31) / 86_400_000, discipline: null, tolerance: 0, countIndirect: false };
    const planTable = await tables.openCsvSource(plans, 'plans');
    book = (await (await built<typeof PlanReading>('engine/planReading.js')).readPlans(planTable, values, settings)).book;
    clean = await readContacts(original, 1);
    // Recalls happen: the duplicate rule reads earlier rows again, from the file.
    expect(clean.totals.accounting.buckets['duplicate']).toBeGreaterThan(50);
  });

  /** Reads a fresh copy, changing it once more than `atByte` bytes have been read (on two threads: folded). */
  function readChangedAt(how: Change, threads: 1 | 2, atByte: number): Promise<ContactReading.ContactsRead> {
    const path = contactsCopy();
    let hasChanged = false;
    const onProgress = (bytes: number) => {
      if (hasChanged || bytes < atByte) return;
      hasChanged = true;
      expect(bytes).toBeLessThan(originalBytes / 2);
      change(path, how);
    };
    return readContacts(path, threads, onProgress).finally(() => expect(hasChanged).toBe(true));
  }

  // A file moved over the input before its header is read (at the first progress, on one thread) is the
  // moment a recall that opened the path again would have read the new file.
  const moments: ReadonlyArray<[Change, number, string]> = [
    ...MODES.map((how): [Change, number, string] => [how, 1_100_000, 'past the first megabyte']),
    ['replace', 1, 'at the first progress'],
  ];
  for (const threads of [1, 2] as const) {
    for (const [how, atByte, when] of moments) {
      it(`${how} ${when}, on ${threads === 1 ? 'one thread' : 'the reader thread'}`, async () => {
        const read = readChangedAt(how, threads, atByte);
        if (how !== 'replace') {
          await expect(read).rejects.toThrow(CHANGED.slice('ehcp-recon: '.length, -1));
          return;
        }
        // The old file, read whole through the descriptor, recalls included: a clean read's totals.
        const whole = await read;
        expect(whole.read.fingerprint.sha256).toBe(clean.read.fingerprint.sha256);
        expect(whole.read.records).toBe(clean.read.records);
        expect(whole.totals.accounting).toEqual(clean.totals.accounting);
        expect(whole.totals.exceptions).toEqual(clean.totals.exceptions);
        expect(whole.totals.deliveredMinutes).toEqual(clean.totals.deliveredMinutes);
      });
    }
  }
});

describe.runIf(HAS_PROC)('through the binary: the run frozen part-way through the contacts, the file changed, the run let go', () => {
  const cleanFiles = new Map<string, string>();

  function outputsOf(out: string): Map<string, string> {
    let names: string[] = [];
    try {
      names = readdirSync(out).sort();
    } catch {
      // A run that stopped made no folder.
    }
    return new Map(names.map((name) => [name, readFileSync(join(out, name), 'utf8')]));
  }

  const argsFor = (contacts: string, out: string) => [
    'reconcile',
    '--plans',
    plans,
    '--contacts',
    contacts,
    '--as-of',
    '2026-03-31',
    '--out',
    out,
    '--format',
    'json',
    '--quiet',
  ];

  beforeAll(() => {
    const out = join(folder, 'clean-out');
    const run = runCli(argsFor(original, out));
    expect(run.status, run.stderr).toBe(0);
    for (const [name, text] of outputsOf(out)) cleanFiles.set(name, text);
    expect(cleanFiles.size).toBe(8);
  });

  /**
   * Runs on a copy, freezes the run once it has read about a fifth of the contacts, changes the file and
   * lets the run go. Tries again (at most twice) if the freeze came too late to be sure the read was not over.
   */
  async function runChanged(how: Change): Promise<{ status: number | null; stderr: string; files: Map<string, string> }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const contacts = contactsCopy();
      const out = join(folder, `out-${copies}`);
      const spawned = spawnCli(argsFor(contacts, out));
      // The last read count seen before the file was open: no more than the count when it was opened.
      let beforeOpen = 0;
      const isOpen = await waitFor(spawned, () => {
        const bytes = bytesReadBy(spawned.pid);
        if (hasOpen(spawned.pid, contacts)) return true;
        if (bytes !== undefined) beforeOpen = bytes;
        return false;
      });
      expect(isOpen, 'the run opened the contacts file').toBe(true);
      await waitFor(spawned, () => (bytesReadBy(spawned.pid) ?? 0) >= beforeOpen + originalBytes / 5);
      spawned.child.kill('SIGSTOP');
      const frozenAt = bytesReadBy(spawned.pid) ?? Number.POSITIVE_INFINITY;
      change(contacts, how);
      spawned.child.kill('SIGCONT');
      const ended = await spawned.ended;
      // Every byte read since before the file opened counts against it, so this can only understate the moment.
      if (frozenAt - beforeOpen < originalBytes) return { status: ended.status, stderr: ended.stderr, files: outputsOf(out) };
    }
    throw new Error(`the run could not be frozen part-way through its read of the contacts in three tries (${how})`);
  }

  for (const how of ['truncate', 'overwrite', 'append'] as const) {
    it(`${how}: exit 3 with the sentence, no outputs`, async () => {
      const run = await runChanged(how);
      expect(run.status).toBe(3);
      expect(run.stderr).toBe(CHANGED);
      expect([...run.files.keys()]).toEqual([]);
    });
  }

  it("replace (mv over it): the old file read whole, the outputs a clean run's", async () => {
    const run = await runChanged('replace');
    expect(run.status, run.stderr).toBe(0);
    expect([...run.files.keys()]).toEqual([...cleanFiles.keys()]);
    for (const [name, text] of cleanFiles) {
      // The manifest names the copy read; its bytes and hash are the original's.
      if (name === 'shortfall.xlsx') {
      } else if (name === 'manifest.json') {
        const inputsOf = (manifest: string) => (JSON.parse(manifest) as { inputs: { contacts: { bytes: number; sha256: string } } }).inputs.contacts;
        expect({ ...inputsOf(run.files.get(name)!), path: undefined }).toEqual({ ...inputsOf(text), path: undefined });
      } else {
        expect(run.files.get(name), name).toBe(text);
      }
    }
  });
});
